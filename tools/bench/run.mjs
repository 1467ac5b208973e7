/**
 * `npm run bench`: the UMQ training-step benchmark (issues 7 and 20). For the sequence and the
 * utterance configuration (tools/bench/umq/configs.mjs) it runs the project's UMQ
 * (tools/bench/umq/ts-step.ts, tfjs wasm; one process per variant) and the PyTorch reference
 * (tools/bench/umq/torch_step.py, 2 threads) interleaved: pair i runs every project variant and
 * PyTorch back to back (the order alternates between pairs), so a change of the host's load hits
 * both sides of a pair alike. Each figure is the median of the per-pair ratios (ours / PyTorch)
 * with their range. With `--study` it also times a small sweep end to end (tools/bench/study/),
 * ours against the same sweep driven by the PyTorch reference, interleaved the same way.
 * Prints a Markdown table, writes it into docs/benchmarks.md under a section named by --label
 * (default "latest"; other sections are kept), and ends with
 * `ratio train sequence=<x> utterance=<y> infer1=<z> study=<w>`: train ratios from the variant
 * with the lowest median ratio per configuration; infer1 the larger of the two configurations'
 * batch-1 inference ratios in the steady state (the median of 500 calls after 1,120: a served
 * model; the table also gives the cold ratio, of 100 calls after 20, before V8 has compiled the
 * inference-only code); study the sweep's (n/a without --study).
 *
 *   node tools/bench/run.mjs [--label after] [--pairs 5] [--runs 10] [--leak-steps 20]
 *     [--only sequence|utterance] [--variants serial,dp2,enc2rows] [--study] [--study-pairs 3] [--no-write]
 *     [--save /tmp/umq-bench-results.json] [--no-real-data]
 *
 * The table ends with a UMQ step on real sequences (tools/bench/datasets/av-digits-step.ts: the
 * av-digits task at two feature settings; ours only), unless `--no-real-data`.
 * `--pairs 0` skips the training pairs (with --study: the study alone). Every run's JSON is saved
 * to --save as the pairs finish, so a failing study does not lose them.
 *
 * Variants: `serial`; `dpN` (the data-parallel runner, N replicas); `encN` / `encNrows` (N encoder
 * workers, split by modalities / rows).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, tmpdir } from 'node:os';
import { CONFIGS, MODEL } from './umq/configs.mjs';
import { buildCli, studyPair, STUDY } from './study/study.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const label = flag('--label', 'latest');
const pairs = Number(flag('--pairs', 5));
const runs = Number(flag('--runs', 10));
const leakSteps = Number(flag('--leak-steps', 20));
const only = flag('--only', null);
const names = Number(flag('--pairs', 5)) === 0 ? [] : only ? [only] : ['sequence', 'utterance'];
const variants = flag('--variants', 'serial,dp2').split(',');
const study = argv.includes('--study');
const studyPairs = Number(flag('--study-pairs', 3));
const python = process.env.UMQ_PYTHON ?? '/usr/bin/python3';
const TORCH_ENV = { LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread', OPENBLAS_NUM_THREADS: '1', PYTHONWARNINGS: 'ignore' };

/** The ts-step.ts arguments of a variant. */
function variantArgs(v) {
  if (v === 'serial') return [];
  let m = /^dp(\d+)$/.exec(v);
  if (m) return ['--data-parallel', m[1]];
  m = /^enc(\d+)(rows)?$/.exec(v);
  if (m) return ['--encoder-workers', m[1], '--encoder-split', m[2] ? 'rows' : 'modalities'];
  throw new Error(`unknown variant ${v}: use serial, dpN, encN or encNrows`);
}
const describe = (v) => (v === 'serial' ? 'serial' : v.startsWith('dp') ? `data parallel, ${v.slice(2)} replicas` : `${/\d+/.exec(v)[0]} encoder workers, split ${v.endsWith('rows') ? 'rows' : 'modalities'}`);

function run(cmd, args, env) {
  const load = loadavg()[0];
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) return { error: `${cmd} exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`, load };
  return { ...JSON.parse(line), load };
}

const median = (v) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const stats = (v) => ({ median: median(v), min: Math.min(...v.filter(Number.isFinite)), max: Math.max(...v.filter(Number.isFinite)) });
const span = (s, d = 2) => `${f(s.median, d)} [${f(s.min, d)}-${f(s.max, d)}]`;

const load0 = loadavg()[0];
/** results[name] = { ts: { variant: [run per pair] }, py: [run per pair] } */
const results = {};
for (const name of names) {
  results[name] = { ts: Object.fromEntries(variants.map((v) => [v, []])), py: [] };
  for (let p = 0; p < pairs; p++) {
    const ours = () => {
      for (const v of variants) {
        process.stderr.write(`[bench] ${name} pair ${p + 1}/${pairs}: UMQ-TS ${describe(v)} ...\n`);
        results[name].ts[v].push(run(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', 'tools/bench/umq/ts-step.ts', name, '--runs', String(runs), '--leak-steps', String(leakSteps), ...variantArgs(v)], {}));
      }
    };
    const theirs = () => {
      process.stderr.write(`[bench] ${name} pair ${p + 1}/${pairs}: PyTorch ...\n`);
      results[name].py.push(run(python, ['tools/bench/umq/torch_step.py', JSON.stringify({ name, config: CONFIGS[name], model: MODEL, runs, leakSteps, threads: 2 })], TORCH_ENV));
    };
    if (p % 2 === 0) {
      ours();
      theirs();
    } else {
      theirs();
      ours();
    }
  }
}
const save = flag('--save', join(tmpdir(), 'umq-bench-results.json'));
writeFileSync(save, JSON.stringify({ results }, null, 1)); // the train pairs survive a failing study
let studyResult = null;
if (study) {
  studyResult = { ours: [], torch: [], errors: [] };
  process.stderr.write('[bench] study: building the CLI (npm run build) ...\n');
  try {
    buildCli(root);
  } catch (e) {
    studyResult.errors.push(String(e.message ?? e));
  }
  for (let p = 0; p < studyPairs && studyResult.errors.length === 0; p++) {
    process.stderr.write(`[bench] study pair ${p + 1}/${studyPairs} ...\n`);
    try {
      const r = studyPair(root, python, TORCH_ENV, p % 2 === 1);
      studyResult.ours.push(r.ours);
      studyResult.torch.push(r.torch);
    } catch (e) {
      studyResult.errors.push(String(e.message ?? e));
      process.stderr.write(`[bench] study pair ${p + 1} failed: ${e.message ?? e}\n`);
    }
  }
  writeFileSync(save, JSON.stringify({ results, studyResult }, null, 1));
}
// a UMQ step on real sequences (issue 21's av-digits; ours only: PyTorch has no loader for them)
const REAL_DATA = [
  { label: "av-digits, the loader's default features (10 ms hop, every frame)", args: [] },
  { label: 'av-digits, the study\'s features (20 ms hop, first 64 frames)', args: ['--hop-length', '160', '--max-frames', '64'] },
];
const realData = argv.includes('--no-real-data')
  ? []
  : REAL_DATA.map((c) => {
      process.stderr.write(`[bench] real data: ${c.label} ...\n`);
      return { ...c, r: run(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', 'tools/bench/datasets/av-digits-step.ts', '--runs', String(runs), ...c.args], {}) };
    });
const load1 = loadavg()[0];

/** Per-pair ratios of a variant for a field (ours / PyTorch), skipping failed runs. */
const ratios = (name, v, field) => results[name].ts[v].map((r, i) => (r.error || results[name].py[i].error ? NaN : r[field] / results[name].py[i][field]));
const bestVariant = (name) => variants.map((v) => [v, median(ratios(name, v, 'trainMs'))]).sort((a, b) => (Number.isNaN(a[1]) ? 1 : Number.isNaN(b[1]) ? -1 : a[1] - b[1]))[0][0];

const rows = [];
for (const name of names) {
  const { ts, py } = results[name];
  const errors = [...Object.values(ts).flat(), ...py].filter((r) => r.error).map((r) => r.error);
  for (const e of [...new Set(errors)]) rows.push(`| ${name} | error | ${e.replace(/\|/g, '/')} | | | | | | | |`);
  const pyTrain = stats(py.map((r) => r.trainMs));
  for (const v of variants) {
    const runsOf = ts[v].filter((r) => !r.error);
    if (!runsOf.length) continue;
    const mark = variants.length > 1 && v === bestVariant(name) ? ' (best)' : '';
    rows.push(
      `| ${name} | UMQ-TS, ${describe(v)}${mark} | ${span(stats(runsOf.map((r) => r.trainMs)), 0)} | ${span(pyTrain, 0)} | **${span(stats(ratios(name, v, 'trainMs')))}** | ${span(stats(ratios(name, v, 'trainCpuMs')))} | ${span(stats(ratios(name, v, 'infer1Ms')))} | ${span(stats(ratios(name, v, 'infer1ColdMs')))} | ${f(median(runsOf.map((r) => r.peakRssMB)), 0)} / ${f(median(py.filter((r) => !r.error).map((r) => r.peakRssMB)), 0)} | ${runsOf.map((r) => r.leakedAfterSteps).join(',')} |`,
    );
  }
}
const loads = names.flatMap((n) => [...Object.values(results[n].ts).flat(), ...results[n].py].map((r) => r.load));
const engines = [...new Set(names.flatMap((n) => [...Object.values(results[n].ts).flat(), ...results[n].py].map((r) => r.engine)).filter(Boolean))];
const trainRatio = (name) => median(ratios(name, bestVariant(name), 'trainMs'));
const infer1 = names.length ? Math.max(...names.map((n) => median(ratios(n, variants.includes('serial') ? 'serial' : variants[0], 'infer1Ms')))) : NaN;
const studyRatios = studyResult ? studyResult.ours.map((o, i) => o.seconds / studyResult.torch[i].seconds) : [];
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const table = [
  `### ${label}`,
  '',
  `${date}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load0.toFixed(2)} -> ${load1.toFixed(2)} (at the start of each run: ${f(Math.min(...loads), 1)}-${f(Math.max(...loads), 1)}); engines: ${engines.join('; ')}.`,
  `${pairs} interleaved pairs per configuration (one process per variant and per pair; the order alternates between pairs); in each process the median of ${runs} training steps after 5 warm-up steps, inference at batch 1 the median of 100 calls after 20 (cold), then of 500 after 1,000 more (steady), at batch 64 of 10 after 3. Ratios are ours / PyTorch within a pair: median [min-max] over the pairs. CPU time sums every thread. Peak RSS: median over the pairs, ours / PyTorch. Leaks: tensors alive on the main thread after ${leakSteps} more steps, per pair.`,
  '',
  '| config | variant | ours ms/step median [range] | PyTorch ms/step | **train ratio** | CPU ratio | infer B=1 ratio, steady | cold | peak RSS MB | leaked |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  ...realData.map(({ label: l, r }) =>
    r.error
      ? `Real data (${l}): ${r.error}`
      : `Real data (${l}): UMQ-TS serial, B ${r.B}, T ${r.T} (${r.validFrames} of ${r.paddedFrames} frames valid), ${f(r.trainMs, 0)} ms/step (min ${f(r.trainMinMs, 0)}), batch-1 inference ${f(r.infer1Ms, 1)} ms, peak RSS ${f(r.peakRssMB, 0)} MB, leaked ${r.leakedAfterSteps}; no PyTorch reference.`,
  ),
  ...(realData.length ? [''] : []),
  ...(studyResult
    ? [
        ...studyResult.errors.map((e) => `Study error: ${e}`),
        `Study (${STUDY.describe}), ${studyPairs} interleaved pairs, seconds end to end: ours ${studyResult.ours.map((r) => f(r.seconds, 0)).join(', ')}; PyTorch ${studyResult.torch.map((r) => f(r.seconds, 0)).join(', ')}; ratio **${span(stats(studyRatios))}**. Mean test accuracy over the runs, ours / PyTorch: ${studyResult.ours.map((r, i) => `${f(r.accuracy * 100, 1)} / ${f(studyResult.torch[i].accuracy * 100, 1)}`).join('; ')}. Peak RSS of a training process, ours / PyTorch: ${f(median(studyResult.ours.map((r) => r.peakRssMB)), 0)} / ${f(median(studyResult.torch.map((r) => r.peakRssMB)), 0)} MB.`,
        '',
      ]
    : []),
].join('\n');
const final = `ratio train ${names.map((n) => `${n}=${f(trainRatio(n), 2)}`).join(' ')} infer1=${f(infer1, 2)} study=${studyResult ? f(median(studyRatios), 2) : 'n/a'}`;
console.log(table);

if (!argv.includes('--no-write')) {
  const file = join(root, 'docs', 'benchmarks.md');
  mkdirSync(dirname(file), { recursive: true });
  let body = readFileSync(file, 'utf8');
  const re = new RegExp(`### ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n### |$)`);
  body = re.test(body) ? body.replace(re, table.trimEnd() + '\n') : `${body.trimEnd()}\n\n${table}`;
  writeFileSync(file, body.trimEnd() + '\n');
}
console.log(final);
