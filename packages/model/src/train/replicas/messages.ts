/**
 * The protocol between the data-parallel runner and its replica workers: what a replica is
 * started with and the requests it answers. A step's input rows travel through shared memory
 * (`../workers/input-buffers`), its labels in the request; the replicas sum their gradients
 * (and average their buffers) among themselves through shared memory, so the main thread only
 * sends requests and reads replies.
 */
import type { EngineName, Seed, tf } from '@umq/core';
import type { SlotState } from '../optimizer-slots';
import type { SharedGradientBuffers } from '../shared-gradient-sum';
import type { InputLayout } from '../workers/input-buffers';
import type { FaultSpec, WorkerReply } from '../workers/protocol';
import type { ArrayState } from '../encoder-workers/messages';
import type { ModelRecipe } from './model-recipe';

/** Int32 slots of a replica's control array. */
export const REPLICA_SLOT = {
  /** Main -> replicas: nonzero when the main thread gave up; a waiting replica stops. */
  ABORT: 0,
} as const;

/** Length of a replica's control array. */
export const REPLICA_CONTROL_SLOTS = 1;

/** Everything a replica is started with (`workerData`). */
export interface ReplicaInit {
  /** Human-readable name, e.g. `'replica 1 of 2'`. */
  label: string;
  /** How to build the model. */
  recipe: ModelRecipe;
  /** The engine the main thread runs (the replica initialises the same one). */
  engine: EngineName;
  /** The training seed: the replica's dropout and noise draws come from `deriveSeed(seed, 'replica', epoch, part, parts)`. */
  seed: Seed;
  /** AdamW configuration of the main optimizer (`AdamW.getConfig()`). */
  optimizer: tf.serialization.ConfigDict;
  /** Clip to this global L2 norm; null = no clipping. */
  clipNorm: number | null;
  /** Int32 control array ({@link REPLICA_SLOT}), shared. */
  control: SharedArrayBuffer;
  /** Longest wait for the other replicas inside a step before giving up, in ms. */
  timeoutMs: number;
  /** This replica's part and the shared memory of the gradient sum (over the parameters, in `namedParameters()` order). */
  grads: SharedGradientBuffers;
  /** The shared memory of the row-weighted buffer average (over `namedBuffers()`), or null for a model without buffers. */
  buffers: SharedGradientBuffers | null;
  /** Test hook: fail on purpose at a step. */
  fault?: FaultSpec;
}

/** A replica's weights and/or optimizer slots. */
export interface ReplicaState {
  /** Parameters and buffers under their dotted names; null = leave (or report) none. */
  weights: Record<string, ArrayState> | null;
  /** AdamW slots by dotted parameter name; null = leave (or report) none. */
  optimizer: Record<string, SlotState> | null;
}

/** Messages the main thread sends. */
export type ReplicaRequest =
  | {
      /** Request id. */
      id: number;
      /** Load weights and buffers (and optionally optimizer slots). */
      type: 'setState';
      /** The state. */
      state: ReplicaState;
    }
  | {
      /** Request id. */
      id: number;
      /** Report weights and buffers and/or optimizer slots. */
      type: 'getState';
      /** Include the weights and buffers. */
      weights: boolean;
      /** Include the optimizer slots. */
      optimizer: boolean;
    }
  | {
      /** Request id. */
      id: number;
      /** One training step on this replica's rows of the batch. */
      type: 'step';
      /** Step number (>= 1, increasing). */
      step: number;
      /** Epoch (selects the random streams; passed to the forward pass). */
      epoch: number;
      /** Learning rate of the step. */
      learningRate: number;
      /** Rows in the whole batch (this replica's share of them weights its loss). */
      batch: number;
      /** This replica's labels `[rows]`. */
      labels: Float32Array;
      /** This replica's true quality `[M, rows]` (M · rows values), when the split has it. */
      quality: Float32Array | null;
      /** New input layouts when they changed (first step, other shapes); else the previous ones. */
      inputs?: InputLayout[];
    };

/** What a replica's step reports. */
export interface ReplicaStepReport {
  /** Its share of the objective: the objective on its rows times rows / batch (0 without rows). */
  loss: number;
  /** Its loss terms, each times rows / batch. */
  terms: Record<string, number>;
  /** The pre-clip global norm of the summed gradients (the same in every replica), or null. */
  gradNorm: number | null;
  /** Tensors alive in the replica's engine after the step. */
  tensors: number;
}

/** What replies carry: a step's report, or state. */
export interface ReplicaReplyData {
  /** For `step`. */
  report: ReplicaStepReport;
  /** For `getState`. */
  state: ReplicaState;
}

/** Messages a replica sends. */
export type ReplicaReply = WorkerReply<ReplicaReplyData>;
