/**
 * safetensors files on disk: atomic save, validated load (both synchronous, see
 * {@link writeFileAtomic}).
 */
import { readFileSync } from 'node:fs';
import type { tf } from '../tf';
import { DataFormatError } from '../errors';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors';
import type { DecodeOptions, DecodedSafetensors, SafetensorsEntry } from '../io/safetensors';
import { writeFileAtomic } from './atomic-write';

/** A file's bytes; a missing or unreadable file is a {@link DataFormatError} naming it. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataFormatError(code === 'ENOENT' ? 'file not found: check the path' : `cannot read the file (${(e as Error).message})`, path, { cause: e });
  }
}

/**
 * Saves tensors to a safetensors file atomically (temp file + fsync + rename).
 *
 * @param path the target file; its folder must exist.
 * @param tensors tf tensors or raw entries by name (see {@link encodeSafetensors}).
 * @param metadata optional `__metadata__` string map.
 * @example
 * ```ts
 * import { saveSafetensors } from '@umq/core/node';
 * saveSafetensors('weights.safetensors', { w: tf.ones([2, 2]) }, { step: '100' });
 * ```
 */
export function saveSafetensors(path: string, tensors: Record<string, SafetensorsEntry | tf.Tensor>, metadata?: Record<string, string>): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads and validates a safetensors file (see {@link decodeSafetensors}); a missing or
 * unreadable file is a {@link DataFormatError} naming it.
 *
 * @example
 * ```ts
 * import { loadSafetensors } from '@umq/core/node';
 * const { tensors, metadata } = loadSafetensors('weights.safetensors');
 * ```
 */
export function loadSafetensors(path: string, options: DecodeOptions = {}): DecodedSafetensors {
  return decodeSafetensors(readFileBytes(path), path, options);
}
