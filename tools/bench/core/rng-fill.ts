/**
 * Benchmark (not a test): `Rng`'s bulk fills on 19,200 entries (a UMQ AddNoise copy of the
 * utterance benchmark: 3 modalities x 64 rows x 100 features), median ms of 300 calls after 50,
 * next to the per-draw loops they replace (`normal()`, `uniform()`, `nextUint32()` per entry).
 *
 *   node --import tsx tools/bench/core/rng-fill.ts
 */
import { Rng } from '../../../packages/core/src/random';

const N = 19200;
const out = new Float32Array(N);
const median = (f: () => void): number => {
  for (let i = 0; i < 50; i++) f();
  const t: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[t.length >> 1];
};
const r = new Rng(1);
const rows: [string, () => void][] = [
  ['fillNormal', () => r.fillNormal(out)],
  ['normal() per entry', () => { for (let i = 0; i < N; i++) out[i] = r.normal(); }],
  ['fillUniform', () => r.fillUniform(out)],
  ['uniform() per entry', () => { for (let i = 0; i < N; i++) out[i] = r.uniform(); }],
  ['fillKeepMask', () => r.fillKeepMask(out, 0.1, 1 / 0.9)],
  ['nextUint32() per entry', () => { for (let i = 0; i < N; i++) out[i] = r.nextUint32() >= 429496730 ? 1 / 0.9 : 0; }],
];
for (const [name, f] of rows) console.log(`${name.padEnd(24)} ${median(f).toFixed(3)} ms`);
