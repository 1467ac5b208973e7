/**
 * Benchmark (not a test) of one AdamW step over the utterance configuration's UMQ parameters
 * (tools/bench/umq/configs.mjs): CPU and wall ms per step, median of N rounds, SIMD route and
 * the tfjs-op route.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/core/adamw-step.ts [utterance|sequence] [--steps 50]
 */
import { initEngine, tf, AdamW, setSimdKernels, type SimdKernelChoice } from '@umq/core';
import { CONFIGS, MODEL } from '../umq/configs.mjs';
import { benchModel } from '../umq/bench-model';

const args = process.argv.slice(2);
const name = (args[0] ?? 'utterance') as keyof typeof CONFIGS;
const STEPS = args.includes('--steps') ? Number(args[args.indexOf('--steps') + 1]) : 50;

async function main(): Promise<void> {
  await initEngine();
  const model = benchModel(name);
  const params = model.parameters();
  const grads = Object.fromEntries(params.map((p, i) => [p.name, tf.randomNormal(p.shape, 0, 1e-3, 'float32', i)]));
  const size = params.reduce((s, p) => s + p.size, 0);
  for (const choice of ['auto', 'never'] as SimdKernelChoice[]) {
    const previous = setSimdKernels(choice);
    const opt = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
    opt.applyGradients(grads); // slots created
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let s = 0; s < STEPS; s++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      opt.applyGradients(grads);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
    console.log(`${name} AdamW (${choice === 'auto' ? 'SIMD' : 'tfjs ops'}): ${params.length} variables, ${size} floats: wall ${med(wall).toFixed(2)} ms, CPU ${med(cpu).toFixed(2)} ms per step (median of ${STEPS}), tensors ${tf.memory().numTensors}`);
    opt.dispose();
    setSimdKernels(previous);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
