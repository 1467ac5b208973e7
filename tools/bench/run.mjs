/**
 * `npm run bench`: the UMQ training-step benchmark of issue 7. In one run it measures, for the
 * sequence and the utterance configuration (tools/bench/umq/configs.mjs), the project's UMQ
 * (tools/bench/umq/ts-step.ts, tfjs wasm) and the PyTorch reference (tools/bench/umq/torch_step.py,
 * torch with OpenBLAS), prints a Markdown table, writes it into docs/benchmarks.md under a
 * section named by --label (default "latest"; other sections are kept), and ends with
 * `ratio train sequence=<x> utterance=<y>` (project ms / PyTorch ms per training step).
 *
 *   node tools/bench/run.mjs [--label after] [--runs 30] [--leak-steps 200] [--only sequence|utterance] [--no-write]
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
  process.stderr.write(`[bench] ${name}: TypeScript (tfjs wasm) ...\n`);
  const ts = run(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', 'tools/bench/umq/ts-step.ts', name, '--runs', String(runs), '--leak-steps', String(leakSteps)], {});
  process.stderr.write(`[bench] ${name}: PyTorch ...\n`);
  const py = run(python, ['tools/bench/umq/torch_step.py', JSON.stringify({ name, config: CONFIGS[name], model: MODEL, runs, leakSteps, threads: 2 })], {
    LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread', OPENBLAS_NUM_THREADS: '1', PYTHONWARNINGS: 'ignore',
  });
  results[name] = { ts, py };
}
const load1 = loadavg()[0];

const f = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ratio = (a, b) => (a && b && a.trainMs && b.trainMs ? a.trainMs / b.trainMs : NaN);
const rows = [];
for (const name of names) {
  const { ts, py } = results[name];
  for (const [side, r] of [['UMQ-TS', ts], ['PyTorch', py]]) {
    if (r.error) {
      rows.push(`| ${name} | ${side} | error: ${r.error.replace(/\|/g, '/')} | | | | | | | | |`);
      continue;
    }
    rows.push(`| ${name} | ${side} | ${f(r.trainMs)} (min ${f(r.trainMinMs)}) | ${f(r.trainCpuMs)} | ${f(r.infer1Ms)} | ${f(r.infer64Ms)} | ${f(r.peakRssMB, 0)} | ${r.leakedAfterSteps} after ${r.leakSteps} steps (${r.tensorsAfter} alive) | ${f(r.stepGflop, 3)} | ${f(r.stepGflops, 2)} | ${f(r.peakGflops, 1)} |`);
  }
  rows.push(`| ${name} | **ratio** | **${f(ratio(ts, py), 2)}** | ${f(ts.trainCpuMs / py.trainCpuMs, 2)} | ${f(ts.infer1Ms / py.infer1Ms, 2)} | ${f(ts.infer64Ms / py.infer64Ms, 2)} | | | | | |`);
}
const engines = [...new Set(names.flatMap((n) => [results[n].ts.engine, results[n].py.engine]).filter(Boolean))];
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const table = [
  `### ${label}`,
  '',
  `${date}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}; engines: ${engines.join('; ')}.`,
  `Median of ${runs} training steps after 5 warm-up steps; inference: median of 10 after 3.`,
  '',
  '| config | engine | train ms/step (wall) | train CPU ms/step | infer ms B=1 | infer ms B=64 | peak RSS MB | tensors leaked | matmul GFLOP/step | achieved GFLOP/s | 1024² matmul GFLOP/s |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
const final = `ratio train ${names.map((n) => `${n}=${f(ratio(results[n].ts, results[n].py), 2)}`).join(' ')}`;
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
