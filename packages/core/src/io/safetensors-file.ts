/**
 * safetensors files on disk: atomic save, validated load (both synchronous, see
 * {@link writeFileAtomic}).
 */
import { readFileSync } from 'node:fs';
import type { tf } from '../tf';
import { DataFormatError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import type { DecodeOptions, DecodedSafetensors, SafetensorsEntry } from './safetensors';

/**
 * Saves tensors to a safetensors file atomically (temp file + fsync + rename).
 *
 * @param path the target file; its folder must exist.
 * @param tensors tf tensors or raw entries by name (see {@link encodeSafetensors}).
 * @param metadata optional `__metadata__` string map.
 * @example
 * ```ts
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
 * const { tensors, metadata } = loadSafetensors('weights.safetensors');
 * ```
 */
export function loadSafetensors(path: string, options: DecodeOptions = {}): DecodedSafetensors {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataFormatError(code === 'ENOENT' ? 'file not found: check the path' : `cannot read the file (${(e as Error).message})`, path, { cause: e });
  }
  return decodeSafetensors(bytes, path, options);
}
