/**
 * `npm run bench`: the UMQ training-step benchmark of issue 7. In one run it measures, for the
 * sequence and the utterance configuration (tools/bench/umq/configs.mjs), the project's UMQ
 * (tools/bench/umq/ts-step.ts, tfjs wasm) and the PyTorch reference (tools/bench/umq/torch_step.py,
 * torch with OpenBLAS), prints a Markdown table, writes it into docs/benchmarks.md under a
 * section named by --label (default "latest"; other sections are kept), and ends with
 * `ratio train sequence=<x> utterance=<y>` (project ms / PyTorch ms per training step, from the
 * fastest project variant of each configuration, named under the table). Project variants: the
 * serial step, and for the sequence configuration the step with the encoders in 2 worker threads
 * (`train({ encoderWorkers })`), split by modality and by batch rows (`encoderSplit`);
 * `--encoder-workers 2,3` sets the worker counts for every configuration measured
 * (`--encoder-workers 0`: serial only) and `--encoder-split rows` the splits.
 *
 *   node tools/bench/run.mjs [--label after] [--runs 30] [--leak-steps 200] [--only sequence|utterance] [--encoder-workers 2,3] [--encoder-split modalities,rows] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { CONFIGS, MODEL } from './umq/configs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const label = flag('--label', 'latest');
const runs = Number(flag('--runs', 30));
const leakSteps = Number(flag('--leak-steps', 200));
const only = flag('--only', null);
const names = only ? [only] : ['sequence', 'utterance'];
const workersFlag = flag('--encoder-workers', null);
/** Encoder-worker counts measured besides the serial step: by default only where the encoders dominate the step. */
const encoderWorkers = (name) => (workersFlag !== null ? workersFlag.split(',').map(Number).filter((n) => n > 0) : name === 'sequence' ? [2] : []);
const splits = flag('--encoder-split', 'modalities,rows').split(',');
const python = process.env.UMQ_PYTHON ?? '/usr/bin/python3';

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) return { error: `${cmd} exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}` };
  return JSON.parse(line);
}

const results = {};
const load0 = loadavg()[0];
for (const name of names) {
  const ts = [];
  for (const [workers, split] of [[0, null], ...encoderWorkers(name).flatMap((w) => splits.map((sp) => [w, sp]))]) {
    const which = workers ? `${workers} encoder workers, split ${split}` : '';
    const label = workers ? `UMQ-TS, ${which}` : 'UMQ-TS';
    process.stderr.write(`[bench] ${name}: TypeScript (tfjs wasm${workers ? `, ${which}` : ''}) ...\n`);
    const extra = workers ? ['--encoder-split', split] : [];
    ts.push({ label, workers, which, r: run(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', 'tools/bench/umq/ts-step.ts', name, '--runs', String(runs), '--leak-steps', String(leakSteps), '--encoder-workers', String(workers), ...extra], {}) });
  }
  process.stderr.write(`[bench] ${name}: PyTorch ...\n`);
  const py = run(python, ['tools/bench/umq/torch_step.py', JSON.stringify({ name, config: CONFIGS[name], model: MODEL, runs, leakSteps, threads: 2 })], {
    LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread', OPENBLAS_NUM_THREADS: '1', PYTHONWARNINGS: 'ignore',
  });
  results[name] = { ts, py };
}
const load1 = loadavg()[0];

const f = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const div = (a, b) => (typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : NaN);
const ratio = (a, b) => div(a?.trainMs, b?.trainMs);
/** The fastest project variant of a configuration (the one the final ratio uses). */
const fastest = (name) => results[name].ts.filter((v) => !v.r.error).sort((a, b) => a.r.trainMs - b.r.trainMs)[0] ?? results[name].ts[0];
const rows = [];
for (const name of names) {
  const { ts, py } = results[name];
  const serial = ts[0].r;
  for (const [side, r] of [...ts.map((v) => [v.label, v.r]), ['PyTorch', py]]) {
    if (r.error) {
      rows.push(`| ${name} | ${side} | error: ${r.error.replace(/\|/g, '/')} | | | | | | | | |`);
      continue;
    }
    // worker variants do the same math as the serial step: its GFLOP per step, over their time
    const gflop = r.stepGflop ?? (r.encoderWorkers ? serial.stepGflop : null);
    const gflops = r.stepGflops ?? (gflop ? gflop / (r.trainMs / 1000) : null);
    rows.push(`| ${name} | ${side} | ${f(r.trainMs)} (min ${f(r.trainMinMs)}) | ${f(r.trainCpuMs)} | ${f(r.infer1Ms)} | ${f(r.infer64Ms)} | ${f(r.peakRssMB, 0)} | ${r.leakedAfterSteps} after ${r.leakSteps} steps (${r.tensorsAfter} alive) | ${f(gflop, 3)} | ${f(gflops, 2)} | ${f(r.peakGflops, 1)} |`);
  }
  for (const v of ts) {
    const which = v.workers ? v.which : 'serial';
    const mark = ts.length > 1 && v === fastest(name) ? ', fastest' : '';
    rows.push(`| ${name} | **ratio** (${which}${mark}) | **${f(ratio(v.r, py), 2)}** | ${f(div(v.r.trainCpuMs, py.trainCpuMs), 2)} | ${f(div(v.r.infer1Ms, py.infer1Ms), 2)} | ${f(div(v.r.infer64Ms, py.infer64Ms), 2)} | | | | | |`);
  }
}
const engines = [...new Set(names.flatMap((n) => [results[n].ts[0].r.engine, results[n].py.engine]).filter(Boolean))];
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const table = [
  `### ${label}`,
  '',
  `${date}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}; engines: ${engines.join('; ')}.`,
  `Median of ${runs} training steps after 5 warm-up steps; inference: median of 10 after 3.`,
  'Encoder-worker rows: the step of `train({ encoderWorkers: N, encoderSplit })` (encoders in N worker threads, split by modality or by batch rows; CPU time summed over all threads; tensors counted on the main thread; inference is the serial model\'s).',
  '',
  '| config | engine | train ms/step (wall) | train CPU ms/step | infer ms B=1 | infer ms B=64 | peak RSS MB | tensors leaked | matmul GFLOP/step | achieved GFLOP/s | 1024² matmul GFLOP/s |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `The final ratio uses the fastest project variant: ${names.map((n) => `${n}: ${fastest(n).workers ? fastest(n).which : 'serial'}`).join('; ')}.`,
  '',
].join('\n');
const final = `ratio train ${names.map((n) => `${n}=${f(ratio(fastest(n).r, results[n].py), 2)}`).join(' ')}`;
console.log(table);

if (!argv.includes('--no-write')) {
  const file = join(root, 'docs', 'benchmarks.md');
  mkdirSync(dirname(file), { recursive: true });
  const header = [
    '# Benchmarks',
    '',
    'UMQ training step, this project (tfjs wasm) vs the PyTorch reference (`/work/shared/reference/umq_torch.py`), written by `npm run bench`',
    '(`tools/bench/run.mjs`). Configurations (`tools/bench/umq/configs.mjs`): **sequence** = MMSA MOSI/MOSEI-style feature',
    'sequences, text 768-d, audio 74-d, vision 35-d, T = 50 (valid lengths 20..50), B = 64; **utterance** = MOSI CSV release vectors',
    '100/73/100, B = 64. Both: d = 100, 1 transformer layer (4 heads, ff 200), E = 10 experts, top 3, dropout 0.1, binary task,',
    'AdamW (lr 1e-3, weight decay 0.01); PyTorch with `q_task_grad=False, lam_uni=1.0` like UMQModel\'s defaults.',
    'GFLOP per step counts matrix products (forward and backward) as each engine executes them (tfjs: BatchMatMul/_FusedMatMul kernels;',
    'PyTorch: profiler `with_flops`). Timings on a shared 2-core machine are noisy: compare sections measured close together.',
    '',
  ].join('\n');
  let body = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const re = new RegExp(`### ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n### |$)`);
  body = re.test(body) ? body.replace(re, table.trimEnd() + '\n') : `${body.trimEnd()}\n\n${table}`;
  writeFileSync(file, body.trimEnd() + '\n');
}
console.log(final);
