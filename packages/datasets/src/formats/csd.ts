/**
 * CMU-MultimodalSDK computational sequences (`.csd`, HDF5) in memory:
 * `/<name>/data/<id>/features` [T, D], `/<name>/data/<id>/intervals` [T, 2] and
 * `/<name>/metadata`. The reader (`readCsd`, through h5wasm's Node build) is in
 * `@umq/datasets/node`.
 */

/** One video/segment of a computational sequence. */
export interface CsdEntry {
  /** Row-major features, `shape[0]` steps of `shape[1]` values. */
  features: Float32Array;
  /** `[T, D]`. */
  shape: [number, number];
  /** Row-major `[T, 2]` start/end times in seconds. */
  intervals: Float64Array;
}

/** A computational sequence: its name, entries by id and string metadata. */
export interface Csd {
  /** The sequence's name (its root group in the file, e.g. `'COVAREP'`). */
  name: string;
  /** The entries by id (video or segment id). */
  entries: Record<string, CsdEntry>;
  /** The string metadata stored with the sequence. */
  metadata: Record<string, string>;
}

