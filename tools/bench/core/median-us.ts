/** The median µs of 2,000 calls of `f` after 200 (its tensors disposed each call): the core benches' timer. */
import { tf } from '@umq/core';

export function medianMicros(f: () => tf.Tensor | tf.Tensor[]): number {
  for (let i = 0; i < 200; i++) tf.dispose(f());
  const t: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    tf.dispose(f());
    t.push(performance.now() - t0);
  }
  return 1000 * t.sort((a, b) => a - b)[t.length >> 1];
}
