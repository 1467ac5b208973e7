/**
 * Named error classes with stable `code`s, so callers branch on `err.code` instead of parsing
 * messages. Every message says what was expected, what came in, and how to fix it.
 */

/** Stable machine-readable codes of every {@link UmqError}. */
export type UmqErrorCode =
  | 'E_SHAPE'
  | 'E_OPTION'
  | 'E_DATA_FORMAT'
  | 'E_ENGINE'
  | 'E_STATE'
  | 'E_NUMERIC'
  | 'E_DIVERGENCE'
  | 'E_WORKER';

/**
 * Base class of every error the `@umq/*` packages throw on purpose.
 *
 * @example
 * ```ts
 * try { loadDataset({ kind: 'mat', path: 'x.mat' }); }
 * catch (e) { if (e instanceof UmqError && e.code === 'E_DATA_FORMAT') console.error(e.message); }
 * ```
 */
export class UmqError extends Error {
  /** Stable code of this error class. */
  readonly code: UmqErrorCode;
  constructor(code: UmqErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // literal names: a minified browser bundle renames classes, so new.target.name would be 'Pl'
    this.name = new.target === UmqError ? 'UmqError' : new.target.name;
  }
}

/**
 * A tensor or array has the wrong rank, size or dimension.
 *
 * @example
 * ```ts
 * try { assertShape('x', [2, 3], [2, 4]); }
 * catch (e) { if (e instanceof ShapeError) console.error(e.code, e.message); } // 'E_SHAPE'
 * ```
 */
export class ShapeError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_SHAPE', message, options);
    if (new.target === ShapeError) this.name = 'ShapeError';
  }
}

/**
 * An option or argument is out of range, of the wrong type, or unknown.
 *
 * @example
 * ```ts
 * throw new OptionError(`topK must be in 1..${numExperts}, got ${topK}: lower topK or add experts`);
 * ```
 */
export class OptionError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_OPTION', message, options);
    if (new.target === OptionError) this.name = 'OptionError';
  }
}

/**
 * A file (or buffer) from outside does not parse or is inconsistent. `file` names it when
 * known; the message names the problem and, where it helps, the row and column.
 *
 * @example
 * ```ts
 * const err = new DataFormatError('row 12 has 72 columns, expected 73', 'audio_train.csv');
 * console.log(err.message, err.file, err.code); // 'audio_train.csv: row 12 has ...' 'audio_train.csv' 'E_DATA_FORMAT'
 * ```
 */
export class DataFormatError extends UmqError {
  /** The file the problem was found in, when known. */
  readonly file: string | undefined;
  constructor(message: string, file?: string, options?: { cause?: unknown }) {
    super('E_DATA_FORMAT', file ? `${file}: ${message}` : message, options);
    if (new.target === DataFormatError) this.name = 'DataFormatError';
    this.file = file;
  }
}

/**
 * The requested tensor engine cannot be loaded or initialised.
 *
 * @example
 * ```ts
 * try { await initEngine({ engine: 'tensorflow' }); } // tfjs-node not installed
 * catch (e) { if (e instanceof EngineError) await initEngine({ engine: 'wasm' }); }
 * ```
 */
export class EngineError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_ENGINE', message, options);
    if (new.target === EngineError) this.name = 'EngineError';
  }
}

/**
 * Saved model state (checkpoint, safetensors) does not match the model it is loaded into.
 *
 * @example
 * ```ts
 * try { loadModuleState('ckpt', model); }
 * catch (e) { if (e instanceof StateError) console.error(`checkpoint does not fit: ${e.message}`); }
 * ```
 */
export class StateError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_STATE', message, options);
    if (new.target === StateError) this.name = 'StateError';
  }
}

/**
 * A computation produced NaN or Inf where finite numbers were required.
 *
 * @example
 * ```ts
 * const v = loss.dataSync()[0];
 * if (!Number.isFinite(v)) throw new NumericError(`loss is ${v} at step ${step}: lower the learning rate or clip gradients`);
 * ```
 */
export class NumericError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_NUMERIC', message, options);
    if (new.target === NumericError) this.name = 'NumericError';
  }
}

/**
 * Training diverged: the loss became NaN or Inf, or grew far above where it started. `epoch`
 * (0-based) is where it was noticed; the message suggests the fix (a lower learning rate,
 * clipping) and where the last good checkpoint is.
 *
 * @example
 * ```ts
 * try { await train(model, data, { learningRate: 1 }); }
 * catch (e) { if (e instanceof DivergenceError) console.error(`diverged at epoch ${e.epoch + 1}: ${e.message}`); }
 * ```
 */
export class DivergenceError extends UmqError {
  /** The 0-based epoch at which the divergence was noticed. */
  readonly epoch: number;
  constructor(message: string, epoch: number, options?: { cause?: unknown }) {
    super('E_DIVERGENCE', message, options);
    this.epoch = epoch;
  }
}

/**
 * A worker thread failed: it threw, exited, or stopped answering (for example one of the
 * encoder workers of `train()`'s encoder-worker runner). `worker` names it; `cause` holds the
 * worker's own error (with its `name`, `code` and stack) when there is one.
 *
 * @example
 * ```ts
 * try { await train(model, data, { runner: { kind: 'encoder-workers', workers: 2 } }); }
 * catch (e) { if (e instanceof WorkerError) console.error(e.worker, e.message, e.cause); }
 * ```
 */
export class WorkerError extends UmqError {
  /** Which worker failed, e.g. `'encoder worker 1 (text)'`. */
  readonly worker: string;
  constructor(message: string, worker: string, options?: { cause?: unknown }) {
    super('E_WORKER', message, options);
    if (new.target === WorkerError) this.name = 'WorkerError';
    this.worker = worker;
  }
}
