/**
 * The protocol between the encoder-worker runner and its workers: what a worker is started
 * with, the messages it answers, and the shared-memory slots of one training step. Requests
 * and state travel as messages; inside a step only `U` (forward) and `dL/dU` (backward) cross
 * threads, through SharedArrayBuffers, with Atomics flags so that each side keeps its autodiff
 * tape alive across the exchange.
 */
import type { tf } from '@umq/core';
import type { SharedGradientBuffers } from '../shared-gradient-sum';
import type { StateRequest, StepRequestBase, WorkerInitBase, WorkerReply, WorkerState } from '../workers/protocol';

/** Int32 flag slots of a worker's control array; each holds the number of the step it refers to. */
export const SLOT = {
  /** Worker -> main: `u` of the step is in the `u` buffer. */
  U_READY: 0,
  /** Main -> worker: `dL/du` of the step is in the `g` buffer. */
  G_READY: 1,
  /** Worker -> main (clipping): the squared norms of its gradients are in `scalars` from `SQUARED_NORMS`. */
  SQ_READY: 2,
  /** Main -> worker (clipping): the global clipping factor is in `scalars[SCALE]`. */
  SCALE_READY: 3,
  /** Main -> worker: nonzero when the main thread gave up; a waiting worker stops. */
  ABORT: 4,
} as const;

/**
 * How the encoder work of a step is divided over the workers:
 *  - 'modalities': each worker owns the encoders of some modalities (balanced by parameter
 *    count) and encodes every row of the batch with them; no gradient crosses threads.
 *  - 'rows': every worker holds a replica of every encoder and encodes a contiguous slice of
 *    the batch rows; the workers sum their gradients through shared memory (in a fixed order,
 *    so that every replica applies the identical update) before their AdamW step. The work is
 *    split evenly whatever the modalities' sizes.
 */
export type EncoderSplit = 'modalities' | 'rows';

/** Rows `[start, end)` of a batch of `batch` rows that part `part` of `parts` encodes (contiguous, sizes differ by at most one). */
export function rowSlice(batch: number, part: number, parts: number): [number, number] {
  return [Math.floor((part * batch) / parts), Math.floor(((part + 1) * batch) / parts)];
}

/** Length of the control array. */
export const CONTROL_SLOTS = 8;

/** Float64 slots of a worker's scalar array. */
export const SCALAR = {
  /** The clipping factor for every gradient of the step. */
  SCALE: 0,
  /** From here, Σg² of each of the worker's parameters in `params` order; -1 = no gradient. */
  SQUARED_NORMS: 1,
} as const;

/** Everything a worker is started with (`workerData`). */
export interface EncoderWorkerInit extends WorkerInitBase {
  /** The modalities this worker encodes (indices m), in `u` buffer order. */
  modalities: number[];
  /** `ModalityEncoders.getConfig()` of the model: the worker builds the same encoders (and nothing else). */
  encoders: tf.serialization.ConfigDict;
  /** Largest batch: sizes the `u` and `g` buffers. */
  maxBatch: number;
  /** Representation width d. */
  d: number;
  /** Float64 scalars ({@link SCALAR}; 1 + its number of parameters), shared. */
  scalars: SharedArrayBuffer;
  /** `u` of the worker's modalities `[k, B, d]` (float32), written by the worker. */
  u: SharedArrayBuffer;
  /** `dL/du` `[k, B, d]` (float32), written by the main thread. */
  g: SharedArrayBuffer;
  /**
   * Split 'rows' only: this worker's part of the batch and the shared memory of the gradient
   * sum; null for the 'modalities' split.
   */
  rows: SharedGradientBuffers | null;
}

/** State of a worker's encoders (dotted names in the encoders module, `0.proj.weight`). */
export type EncoderState = WorkerState;

/** Messages the main thread sends. */
export type EncoderWorkerRequest =
  | StateRequest
  | (StepRequestBase & {
      /** Clip gradients by the global norm (the main thread computes it). */
      clip: boolean;
    });

/** Messages a worker sends (a `getState` reply carries the state). */
export type EncoderWorkerReply = WorkerReply<{
  /** State for `getState`. */
  state: EncoderState;
}>;

/**
 * Distributes modalities over `workers` threads, balancing a rough cost per modality
 * (longest first onto the least loaded worker): returns per worker the modality indices, in
 * increasing order.
 *
 * @example
 * ```ts
 * assignModalities([3, 1, 1], 2); // [[0], [1, 2]]
 * ```
 */
export function assignModalities(costs: number[], workers: number): number[][] {
  const n = Math.min(workers, costs.length);
  const groups: number[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const order = costs.map((c, m) => [c, m] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [c, m] of order) {
    let best = 0;
    for (let w = 1; w < n; w++) if (load[w] < load[best]) best = w;
    groups[best].push(m);
    load[best] += c;
  }
  for (const g of groups) g.sort((a, b) => a - b);
  return groups.sort((a, b) => a[0] - b[0]);
}
