/**
 * Benchmark (not a test): tfjs' stock wasm `SplitV` and `Slice` (which copy the whole input out of
 * the backend's memory first) against @umq/core's in-place kernels (kernels/wasm-slice.ts), shapes
 * of UMQ's steps: median µs of 2,000 calls after 200, the two alternating in 3 rounds.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/core/wasm-slice.ts
 */
import { initEngine, installInPlaceSlices, tf, uninstallInPlaceSlices } from '@umq/core';
import { medianMicros } from './median-us';

await initEngine({ engine: 'wasm' });
const median = medianMicros;
const cases: [string, tf.Tensor, (t: tf.Tensor) => tf.Tensor | tf.Tensor[]][] = [
  ['split [3200, 300] into Q, K, V (attention, B 64, T 50)', tf.randomNormal([3200, 300]), (t) => tf.split(t, 3, 1)],
  ['split [50, 300] into Q, K, V (batch 1, T 50)', tf.randomNormal([50, 300]), (t) => tf.split(t, 3, 1)],
  ['split [1, 300] into three (batch 1, vectors)', tf.randomNormal([1, 300]), (t) => tf.split(t, 3, 1)],
  ['split [3, 256, 100] into four on axis 1', tf.randomNormal([3, 256, 100]), (t) => tf.split(t, 4, 1)],
  ['split [3, 64, 200] into two on axis 2', tf.randomNormal([3, 64, 200]), (t) => tf.split(t, 2, 2)],
  ['slice [64, 52, 74] rows 1..51 of axis 1 (conv padding)', tf.randomNormal([64, 52, 74]), (t) => tf.slice(t, [0, 1, 0], [64, 50, 74])],
];
const stock: number[][] = cases.map(() => []);
const inPlace: number[][] = cases.map(() => []);
for (let round = 0; round < 3; round++) {
  uninstallInPlaceSlices();
  cases.forEach(([, t, f], i) => stock[i].push(median(() => f(t))));
  installInPlaceSlices();
  cases.forEach(([, t, f], i) => inPlace[i].push(median(() => f(t))));
}
const span = (v: number[]): string => `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
console.log(cases.map(([name], i) => `${name}: stock ${span(stock[i])} µs, in place ${span(inPlace[i])} µs`).join('\n'));
