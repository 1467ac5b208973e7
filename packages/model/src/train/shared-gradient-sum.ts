/**
 * Summing the gradients of replicas that each computed a slice of the batch, through shared
 * memory: every part writes its flattened gradients, waits at a barrier for the others, and
 * sums all parts in part order, so every replica gets bit-identical sums and applies the
 * identical update.
 */
import { tf } from '@umq/core';
import type { NamedParameters } from './optimizer-slots';

/** The shared memory of a gradient sum over `parts` replicas. */
export interface SharedGradientBuffers {
  /** This replica's part, 0-based. */
  part: number;
  /** Number of parts (replicas). */
  parts: number;
  /** Float32 `[parts, P]`: each part's flattened gradients (P = parameter count, in parameter order). */
  grads: SharedArrayBuffer;
  /** Int32 `[parts + parts · nParams]`: from 0 the step each part has written its gradients for (the barrier), then per part a 1 for each parameter it has a gradient for. */
  flags: SharedArrayBuffer;
}

/**
 * Allocates the shared memory of a gradient sum over `parts` replicas of parameters with these
 * sizes (one buffer pair for all parts; give each replica its `part`).
 *
 * @example
 * ```ts
 * const shared = allocateGradientSum(2, model.parameters().map((v) => v.size)); // { grads, flags }
 * ```
 */
export function allocateGradientSum(parts: number, sizes: readonly number[]): Omit<SharedGradientBuffers, 'part'> {
  const total = sizes.reduce((a, b) => a + b, 0);
  return { parts, grads: new SharedArrayBuffer(4 * parts * total), flags: new SharedArrayBuffer(4 * (parts + parts * sizes.length)) };
}

/**
 * Blocks until `flags[slot]` equals `step`, or throws by the caller's abort and timeout rules;
 * `started` is when the barrier began (one timeout for the whole barrier).
 */
export type BarrierWait = (flags: Int32Array, slot: number, step: number, from: string, started: number) => void;

/**
 * One replica's side of the sum.
 *
 * @example
 * ```ts
 * const sum = new SharedGradientSum(buffers, params, waitFor);
 * const summed = sum.exchange(ownGrads, step); // new tensors: Σ over parts, in part order
 * ```
 */
export class SharedGradientSum {
  private readonly sizes: number[];
  private readonly total: number;
  private readonly all: Float32Array;
  private readonly flags: Int32Array;

  /**
   * @param buffers - the shared memory and this replica's part
   * @param params - the parameters, in the same order in every replica
   * @param wait - blocks at the barrier (bounded by the caller's timeout and abort flag)
   */
  constructor(private readonly buffers: SharedGradientBuffers, private readonly params: NamedParameters, private readonly wait: BarrierWait) {
    this.sizes = params.map(([, v]) => v.size);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.all = new Float32Array(buffers.grads);
    this.flags = new Int32Array(buffers.flags);
  }

  /**
   * Writes this part's gradients (by variable name; a parameter without one counts as 0), waits
   * for every part of `step`, and returns the sums as new tensors (a parameter no part has a
   * gradient for stays absent).
   */
  exchange(grads: tf.NamedTensorMap, step: number): tf.NamedTensorMap {
    const { part, parts } = this.buffers;
    const n = this.params.length;
    const total = this.total;
    const mine = this.all.subarray(part * total, (part + 1) * total);
    let off = 0;
    this.params.forEach(([, v], i) => {
      const g = grads[v.name];
      if (g) mine.set(g.dataSync() as Float32Array, off);
      else mine.fill(0, off, off + this.sizes[i]);
      this.flags[parts + part * n + i] = g ? 1 : 0;
      off += this.sizes[i];
    });
    Atomics.store(this.flags, part, step);
    Atomics.notify(this.flags, part);
    const started = Date.now();
    for (let j = 0; j < parts; j++) this.wait(this.flags, j, step, `part ${j + 1} of ${parts}`, started);
    const sum = Float32Array.from(this.all.subarray(0, total));
    for (let j = 1; j < parts; j++) {
      const g = this.all.subarray(j * total, (j + 1) * total);
      for (let x = 0; x < total; x++) sum[x] += g[x];
    }
    const out: tf.NamedTensorMap = {};
    off = 0;
    this.params.forEach(([, v], i) => {
      let any = false;
      for (let j = 0; j < parts && !any; j++) any = this.flags[parts + j * n + i] === 1;
      if (any) out[v.name] = tf.tensor(sum.subarray(off, off + this.sizes[i]), v.shape, 'float32');
      off += this.sizes[i];
    });
    return out;
  }
}
