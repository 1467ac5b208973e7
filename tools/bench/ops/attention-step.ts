/**
 * Benchmark (not a test): ms per training step of a small attention encoder
 * (B = 64, T = 50, D_in = 74 -> conv1d K = 3 -> d = 100, one post-norm transformer layer with
 * 4 heads and a 200-wide feed-forward block, LayerNorm, masked mean pooling, linear head, MSE,
 * Adam), built (a) with the @umq/core ops and (b) with stock tfjs ops on the same variables:
 * tf.matMul with transpose flags and its stock gradients, tf.conv1d (whose weight gradient
 * needs Conv2DBackpropFilter: if that fails on this backend, (b) says so and uses our conv1d).
 * Median of 20 steps after 5 warm-up steps, wall clock and process CPU time.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/ops/attention-step.ts
 */
import { initEngine, tf, Conv1d, TransformerEncoderLayer, LayerNorm, Linear, maskedMeanPool, layerNorm, dropout, conv1d, Rng } from '@umq/core';

const B = 64, T = 50, DIN = 74, D = 100, H = 4, FF = 200, DROP = 0.1;

// Built in main(), after initEngine().
let conv: Conv1d, enc: TransformerEncoderLayer, ln: LayerNorm, head: Linear, params: tf.Variable[];

/** Stock dense layer: tf.matMul and its stock (transpose-flag) gradient. */
function dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const y = tf.matMul(tf.reshape(x, [-1, w.shape[0]]) as tf.Tensor2D, w as tf.Tensor2D);
  return tf.reshape(b ? tf.add(y, b) : y, [...lead, w.shape[1] as number]);
}

let stockConvWorks = true;

/** The same model with stock tfjs ops on the same variables. */
function stockForward(x: tf.Tensor, mask: tf.Tensor, rng: Rng): tf.Tensor {
  const drop = (z: tf.Tensor) => dropout(z, DROP, rng.tfSeed());
  let h = stockConvWorks ? tf.add(tf.conv1d(x as tf.Tensor3D, conv.weight as tf.Tensor3D, 1, 'same'), conv.bias as tf.Variable) : conv1d(x, conv.weight, conv.bias as tf.Variable);
  const sa = enc.selfAttn;
  const dh = D / H;
  const qkv = dense(h, sa.inProjWeight, sa.inProjBias);
  const heads = (z: tf.Tensor) => tf.transpose(tf.reshape(z, [B, T, H, dh]), [0, 2, 1, 3]); // [B, H, T, dh]
  const [q, k, v] = tf.split(qkv, 3, 2).map(heads);
  const bias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [B, 1, 1, T]);
  const p = drop(tf.softmax(tf.add(tf.matMul(tf.mul(q, 1 / Math.sqrt(dh)), k, false, true), bias), -1));
  const ctx = tf.reshape(tf.transpose(tf.matMul(p, v), [0, 2, 1, 3]), [B, T, D]);
  const att = dense(ctx, sa.outProjWeight, sa.outProjBias);
  h = layerNorm(tf.add(h, drop(att)), enc.norm1.gamma, enc.norm1.beta);
  const ff = dense(drop(tf.relu(dense(h, enc.linear1.weight, enc.linear1.bias))), enc.linear2.weight, enc.linear2.bias);
  h = layerNorm(tf.add(h, drop(ff)), enc.norm2.gamma, enc.norm2.beta);
  h = layerNorm(h, ln.gamma, ln.beta);
  return dense(maskedMeanPool(h, mask), head.weight, head.bias);
}

function oursForward(x: tf.Tensor, mask: tf.Tensor, rng: Rng): tf.Tensor {
  const h = ln.call(enc.call(conv.call(x), mask, { training: true, rng }));
  return head.call(maskedMeanPool(h, mask));
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeSteps(forward: (x: tf.Tensor, m: tf.Tensor, r: Rng) => tf.Tensor, x: tf.Tensor, mask: tf.Tensor, y: tf.Tensor): { wall: number; cpu: number } {
  const opt = tf.train.adam(1e-4);
  const rng = new Rng(5);
  const step = (): void => {
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(forward(x, mask, rng), y))) as tf.Scalar, params);
    opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
    value.dataSync();
    tf.dispose([value, grads]);
  };
  for (let i = 0; i < 5; i++) step();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 20; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  opt.dispose();
  return { wall: median(times), cpu: median(cpu) };
}

async function main(): Promise<void> {
  const engine = await initEngine();
  conv = new Conv1d({ inChannels: DIN, outChannels: D, kernelSize: 3, seed: 1 });
  enc = new TransformerEncoderLayer({ dModel: D, numHeads: H, dimFeedforward: FF, dropout: DROP, seed: 2 });
  ln = new LayerNorm({ features: D });
  head = new Linear({ inFeatures: D, outFeatures: 1, seed: 3 });
  params = [conv, enc, ln, head].flatMap((m) => m.parameters());
  console.log(`engine ${engine.name} (backend ${engine.backend}, simd=${engine.simd}, threads=${engine.threads}); B=${B} T=${T} Din=${DIN} d=${D} heads=${H} ff=${FF}`);
  const x = tf.randomNormal([B, T, DIN], 0, 1, 'float32', 1);
  const lengths = Array.from({ length: B }, (_, i) => 10 + ((i * 7) % 41));
  const mask = tf.tensor2d(lengths.flatMap((n) => Array.from({ length: T }, (_, t) => (t < n ? 1 : 0))), [B, T]);
  const y = tf.randomNormal([B, 1], 0, 1, 'float32', 2);

  // Same math and the same dropout seeds: both forwards must agree before timing.
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(oursForward(x, mask, new Rng(1)), stockForward(x, mask, new Rng(1))))).dataSync()[0]);
  console.log(`max |ours - stock| on the forward pass: ${d.toExponential(2)}`);

  try {
    tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, 'same')))(conv.weight));
  } catch (e) {
    stockConvWorks = false;
    console.log(`stock tf.conv1d weight gradient FAILS on ${engine.backend}: ${(e as Error).message.slice(0, 100)}; (b) uses our im2col conv1d instead`);
  }
  const ours = timeSteps(oursForward, x, mask, y);
  const stock = timeSteps(stockForward, x, mask, y);
  // Wall clock is what a user waits; process CPU time is steadier on a shared machine.
  console.log(`(a) @umq/core ops: ${ours.wall.toFixed(1)} ms/step wall, ${ours.cpu.toFixed(1)} ms/step CPU`);
  console.log(`(b) stock tfjs ops: ${stock.wall.toFixed(1)} ms/step wall, ${stock.cpu.toFixed(1)} ms/step CPU`);
  console.log(`ratio stock / ours: ${(stock.wall / ours.wall).toFixed(2)}x wall, ${(stock.cpu / ours.cpu).toFixed(2)}x CPU`);
}

void main();
