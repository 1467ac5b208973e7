// Data formats: write a small .npz the way numpy.savez does (a zip of .npy files), load it with
// loadDataset, and compare with the synthetic generator.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { initEngine, Rng } from '@umq/core';
import { scaleFeatures, splitArrays } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node'; // reads files: Node only

/** A version-1.0 .npy file: magic, header length, a Python-dict header padded to 64 bytes, data. */
function npy(descr: '<f4' | '<i4', shape: number[], data: Float32Array | Int32Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

await initEngine();
const rng = new Rng(1);
const N = 120, T = 8;
const labels = new Float32Array(N).map(() => rng.int(2));
const text = rng.fillNormal(new Float32Array(N * T * 5)) as Float32Array;          // sequence [N, T, 5]
const textLengths = new Int32Array(N).map(() => 3 + rng.int(T - 2));               // valid steps per sample
const audio = rng.fillNormal(new Float32Array(N * 4)) as Float32Array;             // vector [N, 4]
const split = new Int32Array(N).map((_, i) => (i < 80 ? 0 : i < 100 ? 1 : 2));     // 0 train, 1 valid, 2 test

const file = join(mkdtempSync(join(tmpdir(), 'umq-npz-')), 'mine.npz');
writeFileSync(file, zipSync({
  'labels.npy': npy('<f4', [N], labels),
  'text.npy': npy('<f4', [N, T, 5], text),
  'text_lengths.npy': npy('<i4', [N], textLengths),
  'audio.npy': npy('<f4', [N, 4], audio),
  'split.npy': npy('<i4', [N], split),
}));

const ds = await loadDataset({ kind: 'npz', path: file });
const s = ds.summary();
console.log(s.modalities.map((m) => `${m.name}: ${m.kind} ${m.maxLen}x${m.dim}`).join(', '), '| task', s.task.type);
console.log('splits', s.splits.train.samples, s.splits.valid.samples, s.splits.test.samples);
const { dataset } = scaleFeatures(ds, { method: 'standard' }); // statistics from the training split only
const train = splitArrays(dataset, 'train');
console.log('text mask of sample 0:', Array.from(train.features[0].mask!.subarray(0, T)).join(''), '(length', textLengths[0] + ')');

const synthetic = await loadDataset({ kind: 'synthetic', samples: 300, seed: 1 });
console.log('synthetic:', synthetic.modalities.map((m) => `${m.name} ${m.kind} ${m.dim}`).join(', '));
