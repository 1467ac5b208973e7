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
  | 'E_NUMERIC';

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
    this.name = new.target.name;
  }
}

/** A tensor or array has the wrong rank, size or dimension. */
export class ShapeError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_SHAPE', message, options);
  }
}

/** An option or argument is out of range, of the wrong type, or unknown. */
export class OptionError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_OPTION', message, options);
  }
}

/**
 * A file (or buffer) from outside does not parse or is inconsistent. `file` names it when
 * known; the message names the problem and, where it helps, the row and column.
 */
export class DataFormatError extends UmqError {
  /** The file the problem was found in, when known. */
  readonly file: string | undefined;
  constructor(message: string, file?: string, options?: { cause?: unknown }) {
    super('E_DATA_FORMAT', file ? `${file}: ${message}` : message, options);
    this.file = file;
  }
}

/** The requested tensor engine cannot be loaded or initialised. */
export class EngineError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_ENGINE', message, options);
  }
}

/** Saved model state (checkpoint, safetensors) does not match the model it is loaded into. */
export class StateError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_STATE', message, options);
  }
}

/** A computation produced NaN or Inf where finite numbers were required. */
export class NumericError extends UmqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_NUMERIC', message, options);
  }
}
