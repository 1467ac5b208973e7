/**
 * Benchmark (not a test): the copy of the lean Sum/Mean gradients made on the host (`spreadTo`)
 * against tfjs' own route on the wasm backend (a Multiply by ones made on the host), shapes of a
 * UMQ training step on utterance vectors: median µs of 2,000 calls after 200. (Splits:
 * tools/bench/core/wasm-slice.ts.)
 *
 *   node --conditions=@umq/source --import tsx tools/bench/core/host-copies.ts
 */
import { initEngine, tf } from '@umq/core';
import { spreadTo } from '../../../packages/core/src/kernels/host-copies';
import { medianMicros } from './median-us';

await initEngine({ engine: 'wasm' });
const median = medianMicros;
const rows: string[] = [];
for (const [kept, shape] of [[[3, 1, 100], [3, 64, 100]], [[3, 64, 1], [3, 64, 100]], [[1, 100], [64, 100]], [[1, 1000], [64, 1000]], [[1, 1, 1], [3, 64, 100]]]) {
  const k = tf.randomNormal(kept);
  const stock = median(() => tf.tidy(() => tf.mul(k, tf.ones(shape))));
  const host = median(() => spreadTo(k, shape));
  rows.push(`spread [${kept}] -> [${shape}]: tfjs ${stock.toFixed(1)} µs, host ${host.toFixed(1)} µs`);
  k.dispose();
}
console.log(rows.join('\n'));
