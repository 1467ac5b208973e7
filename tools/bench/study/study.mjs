/**
 * The study of `npm run bench -- --study` (issue 20: studies per hour): a small sweep timed end
 * to end, the project's `umq sweep` against the same sweep driven by the PyTorch reference
 * (torch_sweep.py), both with 2 processes and the same fixed epochs. Each side runs under
 * measure.py (wall seconds, peak RSS of the largest process).
 *
 * Ours runs the built CLI (packages/model/dist/cli/main.js, what `npx umq` runs once installed
 * from npm; {@link buildCli} builds it first): the TypeScript sources through tsx cost about
 * 1.2 s more at the start of every process (the sweep's own and each shard's).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sweep: Handwritten, UMQ and late-fusion-q, clean and hetero-mixed, 3 seeds, 10 epochs, 2 processes. */
export const STUDY = {
  models: ['umq', 'late-fusion-q'],
  protocols: ['clean', 'hetero-mixed'],
  seeds: [1, 2, 3],
  epochs: Number(process.env.UMQ_STUDY_EPOCHS ?? 10),
  processes: 2,
  batchSize: 64,
  lr: 1e-3,
  weightDecay: 1e-4,
  d: 64,
  dropout: 0.1,
  get describe() {
    return `Handwritten, ${this.models.join(' and ')}, ${this.protocols.join(' and ')}, seeds ${this.seeds.join(',')}, ${this.epochs} epochs without early stopping, ${this.processes} processes each; ours the built CLI`;
  },
};

function measured(python, cmd, args, env, cwd) {
  const r = spawnSync(python, ['tools/bench/study/measure.py', cmd, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const out = JSON.parse((r.stdout ?? '').trim().split('\n').pop() || '{}');
  if (r.status !== 0 || out.status !== 0) throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} failed: ${(out.stderr ?? r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return out;
}

/** The built CLI the study runs. */
export const BUILT_CLI = join('packages', 'model', 'dist', 'cli', 'main.js');

/**
 * Builds the packages (`npm run build`; nx skips what is up to date) so that the study times
 * today's sources, not a stale dist/. Throws with the build's last lines when it fails.
 *
 * @param {string} root the repository
 */
export function buildCli(root) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`npm run build failed, the study needs the built CLI: ${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join(' | ')}`);
}

function ours(root, python, data) {
  const dir = mkdtempSync(join(tmpdir(), 'umq-study-'));
  try {
    const out = measured(python, process.execPath, [
      BUILT_CLI, 'sweep', '--dataset', 'mat', '--data', data,
      '--models', STUDY.models.join(','), '--protocols', STUDY.protocols.join(','), '--rates', '1.0', '--seeds', STUDY.seeds.join(','),
      '--epochs', String(STUDY.epochs), '--patience', '0', '--batch-size', String(STUDY.batchSize), '--lr', String(STUDY.lr), '--weight-decay', String(STUDY.weightDecay),
      '--d', String(STUDY.d), '--dropout', String(STUDY.dropout), '--workers', String(STUDY.processes), '--out', dir,
    ], {}, root);
    // one rows file per sweep worker (rows.jsonl, or rows.<k>.jsonl with --workers)
    const rows = readdirSync(dir).filter((f) => /^rows(\.\d+)?\.jsonl$/.test(f)).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    if (rows.length === 0) throw new Error(`umq sweep wrote no rows into ${dir}`);
    return { seconds: out.seconds, peakRssMB: out.peakRssMB, runs: rows.length, accuracy: rows.reduce((s, r) => s + r.metrics.accuracy, 0) / rows.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function torch(root, python, env, data) {
  const args = { data, ...STUDY };
  const out = measured(python, python, ['tools/bench/study/torch_sweep.py', JSON.stringify(args)], env, root);
  const r = JSON.parse(out.stdout.trim().split('\n').pop());
  return { seconds: out.seconds, peakRssMB: out.peakRssMB, runs: r.runs, accuracy: r.accuracy };
}

/**
 * One interleaved pair: ours then PyTorch (or the other way round).
 *
 * @param {string} root the repository
 * @param {string} python the Python with torch
 * @param {Record<string, string>} env PyTorch's environment
 * @param {boolean} torchFirst run PyTorch first
 */
export function studyPair(root, python, env, torchFirst) {
  const data = join(process.env.UMQ_SHARED_DATA ?? join(root, '..', 'shared', 'data'), 'multiview', 'handwritten_6views.mat');
  if (torchFirst) {
    const t = torch(root, python, env, data);
    return { torch: t, ours: ours(root, python, data) };
  }
  const o = ours(root, python, data);
  return { ours: o, torch: torch(root, python, env, data) };
}
