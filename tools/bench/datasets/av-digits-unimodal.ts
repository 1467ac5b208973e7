// Quick unimodal sanity check of the av-digits degradations (not a test): for each audio SNR and
// image PCA energy, writes pooled features of the default av-digits configuration to
// /tmp/umq-av-check/*.npy and runs tools/bench/datasets/av_digits_unimodal.py (scikit-learn
// logistic regression on the training split, accuracy on the test split: audio alone, image
// alone, both concatenated).
// Run: node --conditions=@umq/source --import tsx tools/bench/datasets/av-digits-unimodal.ts [--split speaker|index] [--test theo] [--valid jackson] [--only defaults]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAvDigits, type AvDigitsOptions } from '../../../packages/datasets/src/loaders/av-digits';
import type { MultimodalDataset } from '../../../packages/datasets/src/dataset';
import { sharedDataFile } from '../../testing/shared-data';

const fsdd = sharedDataFile('fsdd');
if (!fsdd) {
  console.log('shared data not found (../shared/data): nothing to check');
  process.exit(0);
}
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const out = '/tmp/umq-av-check';
mkdirSync(out, { recursive: true });

function npy(file: string, rows: number, cols: number, data: Float32Array): void {
  let h = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
  const head = new Uint8Array(10 + h.length);
  head.set([0x93, 78, 85, 77, 80, 89, 1, 0, h.length & 255, h.length >> 8]);
  head.set(new TextEncoder().encode(h), 10);
  writeFileSync(file, Buffer.concat([head, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]));
}

/** Audio pooled over valid frames: mean and std of each coefficient ([N, 2F]). */
function pooledAudio(ds: MultimodalDataset): Float32Array {
  const a = ds.features[0]!;
  const outp = new Float32Array(ds.size * 2 * a.d);
  for (let i = 0; i < ds.size; i++) {
    let n = 0;
    for (let t = 0; t < a.t; t++) if (a.mask![i * a.t + t]) n++;
    for (let j = 0; j < a.d; j++) {
      let s = 0;
      let s2 = 0;
      for (let t = 0; t < a.t; t++) {
        if (!a.mask![i * a.t + t]) continue;
        const v = a.values[(i * a.t + t) * a.d + j]!;
        s += v;
        s2 += v * v;
      }
      outp[i * 2 * a.d + j] = s / n;
      outp[i * 2 * a.d + a.d + j] = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
    }
  }
  return outp;
}

const base: AvDigitsOptions = { path: fsdd, cacheDir: join(out, 'cache'), split: (flag('--split') as 'speaker' | 'index') ?? 'speaker', ...(flag('--test') ? { testSpeakers: [flag('--test')!] } : {}), ...(flag('--valid') ? { validSpeakers: [flag('--valid')!] } : {}) };
const cases: { name: string; opts: AvDigitsOptions }[] = [];
const only = flag('--only');
for (const snr of [null, 10, 5, 0, -5]) cases.push({ name: `audio snr=${snr ?? 'clean'}`, opts: { audioSnrDb: snr, imageEnergy: 1 } });
for (const e of [0.5, 0.35, 0.25, 0.15, 0.1]) cases.push({ name: `image energy=${e}`, opts: { audioSnrDb: null, imageEnergy: e } });
cases.push({ name: 'defaults', opts: {} });
for (const c of cases.filter((x) => !only || x.name === only)) {
  const ds = await loadAvDigits({ ...base, ...c.opts });
  const tag = c.name.replace(/[^a-z0-9.=-]+/gi, '_');
  npy(join(out, `${tag}_audio.npy`), ds.size, 2 * ds.features[0]!.d, pooledAudio(ds));
  npy(join(out, `${tag}_image.npy`), ds.size, ds.features[1]!.d, ds.features[1]!.values);
  npy(join(out, `${tag}_y.npy`), ds.size, 2, Float32Array.from({ length: 2 * ds.size }, (_, k) => (k % 2 === 0 ? ds.labels[k >> 1]! : ds.split[k >> 1]!)));
  const r = spawnSync(process.env.UMQ_PYTHON ?? '/usr/bin/python3', [join(import.meta.dirname, 'av_digits_unimodal.py'), join(out, tag)], { encoding: 'utf8' });
  console.log(`${c.name.padEnd(22)} ${r.stdout.trim()}${r.stderr ? ` ${r.stderr.trim().split('\n').pop()}` : ''}`);
}
