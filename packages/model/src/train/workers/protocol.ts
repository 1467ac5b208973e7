/**
 * What every worker protocol of the step runners shares: errors as they cross threads, the
 * replies a worker sends (ready, reply, error), and the test hook that makes a worker fail.
 * Each runner adds its own requests and shared-memory slots.
 */

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
