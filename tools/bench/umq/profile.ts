/**
 * Profile (not a test) of one UMQ training step: wall time per tfjs kernel name and kernel
 * calls per step, summed over N steps, plus the time spent outside kernels (JS, tape, host code).
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/profile.ts sequence [--steps 5] [--top 25] [--sites Identity]
 *
 * `--sites KERNEL` also lists where that kernel is called from: ms per step by the nearest
 * project source frame of the call stack (`--sites all`: every kernel's calls, most calls first).
 */
import { initEngine, tf, Rng, AdamW } from '@umq/core';
import { CONFIGS, MODEL, validLength } from './configs.mjs';
import { projectFrame, wrapKernels } from './flops';
import { benchModel } from './bench-model';

const args = process.argv.slice(2);
const name = (args[0] ?? 'sequence') as keyof typeof CONFIGS;
const opt = (flag: string, dflt: number): number => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const STEPS = opt('--steps', 5);
const TOP = opt('--top', 25);
const SITES = args.includes('--sites') ? args[args.indexOf('--sites') + 1] : null;

async function main(): Promise<void> {
  await initEngine();
  const cfg = CONFIGS[name];
  const model = benchModel(name);
  const params = model.parameters();
  const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
  const rng = new Rng(7);
  const B = cfg.B;
  const r = new Rng(1);
  const x = cfg.dims.map((D) => {
    const a = new Float32Array(B * cfg.T * D);
    r.fillNormal(a);
    return cfg.kind === 'sequence' ? tf.tensor3d(a, [B, cfg.T, D]) : tf.tensor2d(a, [B, D]);
  });
  const mask = cfg.dims.map(() => {
    if (cfg.kind !== 'sequence') return null;
    const m = new Float32Array(B * cfg.T);
    for (let i = 0; i < B; i++) m.fill(1, i * cfg.T, i * cfg.T + validLength(i, cfg.T));
    return tf.tensor2d(m, [B, cfg.T]);
  });
  const y = tf.tensor1d(Array.from({ length: B }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0)), 'float32');
  const step = (): void => {
    const { value, grads } = tf.variableGrads(() => model.forward({ x, mask, y }, { training: true, rng, losses: 'all' }).loss!, params);
    optimizer.applyGradients(grads);
    value.dataSync();
    tf.dispose([value, grads] as never);
  };
  for (let i = 0; i < 3; i++) step();
  const stats = new Map<string, { ms: number; calls: number; shapes: Map<string, number> }>();
  const sites = new Map<string, { ms: number; calls: number }>();
  let depth = 0;
  const restore = wrapKernels((kname, run, a) => {
    if (depth > 0) return run();
    depth++;
    const site = SITES === 'all' || kname === SITES ? projectFrame() : null;
    const t0 = performance.now();
    try {
      return run();
    } finally {
      const dt = performance.now() - t0;
      depth--;
      if (site) {
        const e = sites.get(site) ?? { ms: 0, calls: 0 };
        e.ms += dt;
        e.calls++;
        sites.set(site, e);
      }
      const s = stats.get(kname) ?? { ms: 0, calls: 0, shapes: new Map() };
      s.ms += dt;
      s.calls++;
      const key = Object.values(a.inputs).map((t) => `[${t.shape.join(',')}]`).join('x');
      s.shapes.set(key, (s.shapes.get(key) ?? 0) + dt);
      stats.set(kname, s);
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) step();
  const total = (performance.now() - t0) / STEPS;
  restore();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < STEPS; i++) step();
  const c = process.cpuUsage(c0);
  let gradCpu = 0, optCpu = 0;
  for (let i = 0; i < STEPS; i++) {
    const a = process.cpuUsage();
    const { value, grads } = tf.variableGrads(() => model.forward({ x, mask, y }, { training: true, rng, losses: 'all' }).loss!, params);
    value.dataSync();
    const b = process.cpuUsage(a);
    optimizer.applyGradients(grads);
    tf.dispose([value, grads] as never);
    const e = process.cpuUsage(a);
    gradCpu += (b.user + b.system) / 1000;
    optCpu += (e.user + e.system - b.user - b.system) / 1000;
  }
  console.log(`CPU ms/step: forward+backward ${(gradCpu / STEPS).toFixed(1)}, AdamW over ${params.length} variables ${(optCpu / STEPS).toFixed(1)}`);
  console.log(`unprofiled: ${((performance.now() - w0) / STEPS).toFixed(1)} ms/step wall, ${((c.user + c.system) / 1000 / STEPS).toFixed(1)} ms/step CPU`);
  const rows = [...stats.entries()].sort((p, q) => q[1].ms - p[1].ms);
  const kernelMs = rows.reduce((s, [, v]) => s + v.ms, 0) / STEPS;
  const calls = rows.reduce((s, [, v]) => s + v.calls, 0) / STEPS;
  console.log(`${name}: ${total.toFixed(1)} ms/step (profiled), kernels ${kernelMs.toFixed(1)} ms in ${calls.toFixed(0)} calls/step, outside kernels ${(total - kernelMs).toFixed(1)} ms`);
  console.log('| kernel | ms/step | calls/step | top shapes (ms/step) |\n|---|---|---|---|');
  for (const [k, v] of rows.slice(0, TOP)) {
    const shapes = [...v.shapes.entries()].sort((p, q) => q[1] - p[1]).slice(0, k === 'BatchMatMul' ? 12 : 3).map(([s, ms]) => `${s.length > 60 ? `${s.slice(0, 60)}…` : s} ${(ms / STEPS).toFixed(1)}`).join('; ');
    console.log(`| ${k} | ${(v.ms / STEPS).toFixed(1)} | ${(v.calls / STEPS).toFixed(0)} | ${shapes} |`);
  }
  if (SITES) {
    console.log(`\n${SITES} by call site (ms/step, calls/step):`);
    const by = SITES === 'all' ? 'calls' : 'ms';
    for (const [site, v] of [...sites.entries()].sort((p, q) => q[1][by] - p[1][by]).slice(0, TOP)) {
      console.log(`  ${(v.ms / STEPS).toFixed(1).padStart(7)} ${(v.calls / STEPS).toFixed(0).padStart(5)}  ${site}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
