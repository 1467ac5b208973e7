/**
 * Benchmark (not a test): the first projection of the sequence encoders (B = 64, T = 50,
 * d = 100; text 768 -> 100 Linear, audio 74 and vision 35 as Conv1D k = 3, i.e. 222 and 105
 * im2col columns) with `linear` (custom gradient computes d/dx too) vs `inputLinear` (no
 * gradient to the data input). CPU ms of forward + backward, median of 20 after 5.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/input-projection.ts
 */
import { initEngine, tf, linear, inputLinear } from '@umq/core';

await initEngine();
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const total: Record<string, number> = { linear: 0, inputLinear: 0 };
for (const inF of [768, 222, 105]) {
  const x = tf.randomNormal([3200, inF]);
  const w = tf.variable(tf.randomNormal([inF, 100], 0, 0.05));
  const b = tf.variable(tf.zeros([100]));
  const r = tf.randomNormal([3200, 100]);
  const out: string[] = [];
  for (const [name, f] of [['linear', linear], ['inputLinear', inputLinear]] as const) {
    const cpu: number[] = [];
    for (let i = 0; i < 25; i++) {
      const c0 = process.cpuUsage();
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x, w, b), r)) as tf.Scalar, [w, b]);
      value.dataSync();
      tf.dispose([value, grads] as never);
      const c = process.cpuUsage(c0);
      if (i >= 5) cpu.push((c.user + c.system) / 1000);
    }
    total[name] += med(cpu);
    out.push(`${name} ${med(cpu).toFixed(1)} ms`);
  }
  console.log(`[3200, ${inF}] -> 100: ${out.join(', ')}`);
  tf.dispose([x, w, b, r]);
}
console.log(`all three projections: linear ${total.linear.toFixed(1)} ms, inputLinear ${total.inputLinear.toFixed(1)} ms CPU per step`);
