/**
 * What every worker protocol of the step runners shares: errors as they cross threads, the
 * replies a worker sends (ready, reply, error), and the test hook that makes a worker fail.
 * Each runner adds its own requests and shared-memory slots.
 */

import { WorkerError, type EngineName, type Seed, type tf } from '@umq/core';
import type { SlotState } from '../optimizer-slots';
import type { InputLayout } from './input-buffers';

/** What every step-runner worker is started with (each runner's init adds its own fields). */
export interface WorkerInitBase {
  /** Human-readable name for messages. */
  label: string;
  /** The engine the main thread runs (the worker initialises the same one). */
  engine: EngineName;
  /** The training seed (the worker's random streams derive from it). */
  seed: Seed;
  /** AdamW configuration of the main optimizer (`AdamW.getConfig()`). */
  optimizer: tf.serialization.ConfigDict;
  /** Int32 control array, shared. */
  control: SharedArrayBuffer;
  /** Longest wait inside a step (for the main thread or the other workers) before the worker gives up, in ms. */
  timeoutMs: number;
  /** Test hook: fail on purpose at a step. */
  fault?: FaultSpec;
}

/** The fields every runner's `step` request has. */
export interface StepRequestBase {
  /** Request id. */
  id: number;
  /** One training step on the rows in the input buffers. */
  type: 'step';
  /** Step number (>= 1, increasing). */
  step: number;
  /** Epoch (selects the random streams). */
  epoch: number;
  /** Learning rate of the step. */
  learningRate: number;
  /** Rows in the whole batch. */
  batch: number;
  /** New input layouts when they changed (first step, other shapes); else the previous ones. */
  inputs?: InputLayout[];
}

/** A float32 array with its shape, as state crosses threads. */
export interface ArrayState {
  /** Shape. */
  shape: number[];
  /** Values, row-major. */
  data: Float32Array;
}

/** The state a worker holds of the model: weights by dotted name, optionally the optimizer's slots. */
export interface WorkerState {
  /** Parameters and buffers under their dotted names (in the module the worker built); null = leave (or report) none. */
  weights: Record<string, ArrayState> | null;
  /** AdamW slots under the parameters' dotted names; null = leave (or report) none. */
  optimizer: Record<string, SlotState> | null;
}

/** The requests that move state between the main thread and a worker. */
export type StateRequest =
  | {
      /** Request id. */
      id: number;
      /** Load weights (and optionally optimizer slots) into the worker's model. */
      type: 'setState';
      /** The state. */
      state: WorkerState;
    }
  | {
      /** Request id. */
      id: number;
      /** Report the weights and/or optimizer slots. */
      type: 'getState';
      /** Include the weights. */
      weights: boolean;
      /** Include the optimizer slots. */
      optimizer: boolean;
    };

/**
 * The first entry in which `other`'s weights differ from `reference`'s in any bit (or that one
 * of them lacks), or null when they agree: replicas that applied the same updates must agree.
 *
 * @example
 * ```ts
 * const k = firstDifference(replies[0].state.weights, replies[1].state.weights); // null, or 'encoder0.net.l1.weight'
 * ```
 */
export function firstDifference(reference: WorkerState['weights'], other: WorkerState['weights']): string | null {
  for (const [k, { data }] of Object.entries(other ?? {})) {
    const ref = reference?.[k]?.data;
    if (!ref || ref.length !== data.length || ref.some((x, i) => !Object.is(x, data[i]))) return k;
  }
  return null;
}

/**
 * Checks that every worker's weights equal the first one's in every bit (replicas that applied
 * the same updates must); throws a WorkerError naming the first worker and entry that differ,
 * worded by `message(entry, label)`.
 *
 * @param states the workers' states, in worker order.
 * @param labels the workers' labels, in the same order.
 * @param message the error's text for a worker `label` whose entry `entry` differs.
 * @example
 * ```ts
 * assertSameWeights(replies.map((r) => r.state!), labels, (k, label) => `${label}: its \`${k}\` differs from replica 0's`);
 * ```
 */
export function assertSameWeights(states: readonly WorkerState[], labels: readonly string[], message: (entry: string, label: string) => string): void {
  states.slice(1).forEach((s, j) => {
    const k = firstDifference(states[0].weights, s.weights);
    if (k !== null) throw new WorkerError(message(k, labels[j + 1]), labels[j + 1]);
  });
}

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

/**
 * An error as it crosses threads.
 *
 * @example
 * ```ts
 * port.postMessage({ type: 'error', id: 0, error: serializeError(e) });
 * ```
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, code: (e as { code?: unknown }).code as string | undefined, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/** Messages a worker sends; `R` is what a successful reply carries besides its id. */
export type WorkerReply<R extends object = object> =
  | {
      /** The worker built its part of the model and waits for requests. */
      type: 'ready';
      /** Its parameters (dotted names, with shapes where the runner compares them), in its order. */
      params: string[];
    }
  | ({
      /** Answer to a request. */
      type: 'reply';
      /** The request id. */
      id: number;
    } & Partial<R>)
  | {
      /** A request, or the start-up, failed; the worker should be considered dead. */
      type: 'error';
      /** The request id (0 for start-up). */
      id: number;
      /** What went wrong. */
      error: SerializedError;
    };

/** Test hook: a worker fails on purpose at a step (`'throw'`: an exception, `'exit'`: the thread exits, `'hang'`: it stops answering). */
export interface FaultSpec {
  /** The step (1-based) at which it fails. */
  step: number;
  /** Before its forward pass or before its backward pass / gradient exchange. */
  phase: 'forward' | 'backward';
  /** How it fails. */
  kind: 'throw' | 'exit' | 'hang';
}
