/**
 * The protocol between the encoder-worker runner and its workers: what a worker is started
 * with, the messages it answers, and the shared-memory slots of one training step. Requests
 * and state travel as messages; inside a step only `U` (forward) and `dL/dU` (backward) cross
 * threads, through SharedArrayBuffers, with Atomics flags so that each side keeps its autodiff
 * tape alive across the exchange.
 */
import type { EngineName, Seed, tf } from '@umq/core';
import type { SlotState } from '../optimizer-slots';
import type { SharedGradientBuffers } from '../shared-gradient-sum';
import type { InputLayout } from './input-buffers';

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
export interface EncoderWorkerInit {
  /** Human-readable name for messages, e.g. `'encoder worker 1 (text)'`. */
  label: string;
  /** The modalities this worker encodes (indices m), in `u` buffer order. */
  modalities: number[];
  /** `ModalityEncoders.getConfig()` of the model: the worker builds the same encoders (and nothing else). */
  encoders: tf.serialization.ConfigDict;
  /** The engine the main thread runs (the worker initialises the same one). */
  engine: EngineName;
  /** The training seed: encoder m draws its dropout from `deriveSeed(seed, 'dropout', epoch, 'encoder', m)`. */
  seed: Seed;
  /** AdamW configuration of the main optimizer (`AdamW.getConfig()`). */
  optimizer: tf.serialization.ConfigDict;
  /** Largest batch: sizes the `u` and `g` buffers. */
  maxBatch: number;
  /** Representation width d. */
  d: number;
  /** Int32 control array ({@link SLOT}), shared. */
  control: SharedArrayBuffer;
  /** Float64 scalars ({@link SCALAR}; 1 + its number of parameters), shared. */
  scalars: SharedArrayBuffer;
  /** `u` of the worker's modalities `[k, B, d]` (float32), written by the worker. */
  u: SharedArrayBuffer;
  /** `dL/du` `[k, B, d]` (float32), written by the main thread. */
  g: SharedArrayBuffer;
  /** Longest wait for the main thread inside a step before the worker gives up, in ms. */
  timeoutMs: number;
  /**
   * Split 'rows' only: this worker's part of the batch and the shared memory of the gradient
   * sum; null for the 'modalities' split.
   */
  rows: SharedGradientBuffers | null;
  /** Test hook: fail on purpose at a step (`'throw'`: an exception, `'exit'`: the thread exits, `'hang'`: it stops answering). */
  fault?: {
    /** The step (0-based, counted by the worker) that fails. */
    step: number;
    /** In which half of it. */
    phase: 'forward' | 'backward';
    /** How it fails. */
    kind: 'throw' | 'exit' | 'hang';
  };
}

/** A float32 array with its shape, as state crosses threads. */
export interface ArrayState {
  /** Shape. */
  shape: number[];
  /** Values, row-major. */
  data: Float32Array;
}

/** State of a worker's encoders: weights by dotted model name, optionally the optimizer's slots. */
export interface EncoderState {
  /** Parameters and buffers under their dotted names in the encoders module (`0.proj.weight`); null = leave (or report) none. */
  weights: Record<string, ArrayState> | null;
  /** AdamW slots under the same names; null = leave (or report) none. */
  optimizer: Record<string, SlotState> | null;
}

/** Messages the main thread sends. */
export type EncoderWorkerRequest =
  | {
      /** Request id. */
      id: number;
      /** Load weights (and optionally optimizer slots) into the worker's encoders. */
      type: 'setState';
      /** The state. */
      state: EncoderState;
    }
  | {
      /** Request id. */
      id: number;
      /** Report the encoders' weights and/or optimizer slots. */
      type: 'getState';
      /** Include the weights. */
      weights: boolean;
      /** Include the optimizer slots. */
      optimizer: boolean;
    }
  | {
      /** Request id. */
      id: number;
      /** One training step on the batch in the input buffers. */
      type: 'step';
      /** Step number (>= 1, increasing). */
      step: number;
      /** Epoch (selects the dropout streams). */
      epoch: number;
      /** Learning rate of the step. */
      learningRate: number;
      /** Rows in the batch. */
      batch: number;
      /** Clip gradients by the global norm (the main thread computes it). */
      clip: boolean;
      /** New input layouts when they changed (first step, other shapes); else the previous ones. */
      inputs?: InputLayout[];
    };

/** An error as it crosses threads. */
export interface SerializedError {
  /** Class name (`'StateError'`, `'Error'`). */
  name: string;
  /** Message. */
  message: string;
  /** `code` of an `UmqError`. */
  code?: string;
  /** Stack trace in the worker. */
  stack?: string;
}

/** Messages a worker sends. */
export type EncoderWorkerReply =
  | {
      /** The worker built its encoders and waits for requests. */
      type: 'ready';
      /** Its parameters' dotted names, in the order of its squared norms. */
      params: string[];
    }
  | {
      /** Answer to a request. */
      type: 'reply';
      /** The request id. */
      id: number;
      /** State for `getState`. */
      state?: EncoderState;
    }
  | {
      /** A request, or the start-up, failed; the worker should be considered dead. */
      type: 'error';
      /** The request id (0 for start-up). */
      id: number;
      /** What went wrong. */
      error: SerializedError;
    };

/** An error as it crosses threads. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, code: (e as { code?: unknown }).code as string | undefined, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

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
