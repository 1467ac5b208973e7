/**
 * Shared helpers of the @umq/model tests: small seeded batches, weight snapshots, and running
 * the `umq` CLI as a child process.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tf, Rng } from '@umq/core';
import type { ModalityInput, ModelBatch, HarnessModel } from '../src/types';
import { REPO_ROOT } from '../../../tools/testing/shared-data';

/** A seeded batch for `modalities`: vectors `[B, D]`, sequences `[B, T, D]` with the last steps padded. */
export function makeBatch(modalities: ModalityInput[], B: number, options: { T?: number; seed?: number; task?: 'binary' | 'multiclass' | 'regression'; classes?: number; quality?: boolean } = {}): ModelBatch {
  const rng = new Rng(options.seed ?? 1);
  const T = options.T ?? 5;
  const x: tf.Tensor[] = [];
  const mask: (tf.Tensor | null)[] = [];
  for (const m of modalities) {
    if (m.kind === 'vector') {
      x.push(tf.tensor2d(rng.fillNormal(new Float32Array(B * m.dim)) as Float32Array, [B, m.dim]));
      mask.push(null);
    } else {
      const mk = new Float32Array(B * T);
      const v = rng.fillNormal(new Float32Array(B * T * m.dim)) as Float32Array;
      for (let b = 0; b < B; b++) {
        const len = 1 + (b % T); // 1..T valid steps: every row but some is padded
        for (let t = 0; t < T; t++) {
          mk[b * T + t] = t < len ? 1 : 0;
          if (t >= len) v.fill(0, (b * T + t) * m.dim, (b * T + t + 1) * m.dim);
        }
      }
      x.push(tf.tensor3d(v, [B, T, m.dim]));
      mask.push(tf.tensor2d(mk, [B, T]));
    }
  }
  const task = options.task ?? 'binary';
  const y = new Float32Array(B);
  for (let b = 0; b < B; b++) y[b] = task === 'binary' ? b % 2 : task === 'multiclass' ? b % (options.classes ?? 3) : rng.normal();
  const batch: ModelBatch = { x, mask, y: tf.tensor1d(y) };
  if (options.quality) {
    const q = new Float32Array(modalities.length * B);
    for (let i = 0; i < q.length; i++) q[i] = i % 3 === 0 ? 0 : rng.uniform();
    batch.quality = tf.tensor2d(q, [modalities.length, B]);
  }
  return batch;
}

/** Frees every tensor of a batch made by {@link makeBatch}. */
export function disposeBatch(b: ModelBatch): void {
  tf.dispose([...b.x, ...b.mask.filter((m): m is tf.Tensor => m !== null), b.y]);
  if (b.quality) b.quality.dispose();
}

/** Every parameter and buffer of a model as plain arrays (a snapshot that owns no tensors). */
export function snapshot(model: HarnessModel): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, Float32Array.from(v.dataSync() as Float32Array)]));
}

/** Names of the entries whose values differ bitwise between two snapshots (and entries missing on either side). */
export function differingEntries(a: Record<string, Float32Array>, b: Record<string, Float32Array>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (!x || !y || x.length !== y.length) {
      out.push(k);
      continue;
    }
    const xi = new Uint32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Uint32Array(y.buffer, y.byteOffset, y.length);
    for (let i = 0; i < xi.length; i++) {
      if (xi[i] !== yi[i]) {
        out.push(k);
        break;
      }
    }
  }
  return out;
}

/** The `umq` CLI entry (run from sources through tsx). */
export const CLI = 'packages/model/src/cli/main.ts';

/** Runs `umq ...args` as a child process from the repository root. */
export function runCli(args: string[], timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, FORCE_COLOR: '0' } });
}

/** Non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
