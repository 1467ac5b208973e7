/**
 * The protocol between the data-parallel runner and its replica workers: what a replica is
 * started with and the requests it answers. A step's input rows travel through shared memory
 * (`../workers/input-buffers`), its labels in the request; the replicas sum their gradients
 * (and average their buffers) among themselves through shared memory, so the main thread only
 * sends requests and reads replies.
 */
import type { SharedGradientBuffers } from '../shared-gradient-sum';
import type { StateRequest, StepRequestBase, WorkerInitBase, WorkerReply, WorkerState } from '../workers/protocol';
import type { ModelRecipe } from './model-recipe';

/** Int32 slots of a replica's control array. */
export const REPLICA_SLOT = {
  /** Main -> replicas: nonzero when the main thread gave up; a waiting replica stops. */
  ABORT: 0,
} as const;

/** Length of a replica's control array. */
export const REPLICA_CONTROL_SLOTS = 1;

/** Everything a replica is started with (`workerData`). */
export interface ReplicaInit extends WorkerInitBase {
  /** How to build the model. */
  recipe: ModelRecipe;
  /** Clip to this global L2 norm; null = no clipping. */
  clipNorm: number | null;
  /** This replica's part and the shared memory of the gradient sum (over the parameters, in `namedParameters()` order). */
  grads: SharedGradientBuffers;
  /** The shared memory of the row-weighted buffer average (over `namedBuffers()`), or null for a model without buffers. */
  buffers: SharedGradientBuffers | null;
}

/** A replica's weights and buffers (dotted names in the model) and/or optimizer slots. */
export type ReplicaState = WorkerState;

/** Messages the main thread sends. */
export type ReplicaRequest =
  | StateRequest
  | (StepRequestBase & {
      /** This replica's rows: their indices in the training split (models that keep per-sample state read them as `batch.index`). */
      index: Int32Array;
      /** This replica's labels `[rows]`. */
      labels: Float32Array;
      /** This replica's true quality `[M, rows]` (M · rows values), when the split has it. */
      quality: Float32Array | null;
    });

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
  /** Wall ms of the step's phases in the replica. */
  phases: ReplicaPhases;
}

/** Wall ms of the phases of a replica's step. */
export interface ReplicaPhases {
  /** Forward and backward on its rows. */
  compute: number;
  /** The gradient sum, with the wait for the other replicas. */
  exchange: number;
  /** Clipping and the AdamW update. */
  update: number;
  /** The row-weighted buffer average. */
  buffers: number;
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
