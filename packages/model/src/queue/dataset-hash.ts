/**
 * The content hash of a loaded data set: what a worker compares its own copy against before it
 * trains. It covers everything a run reads (modalities, task, features, masks, labels, splits,
 * sample and group ids) after the loader's options are applied, so a different file, a
 * different split option or a loader that parses differently all give another hash, while the
 * same data at another path gives the same one.
 */
import { createHash, type Hash } from 'node:crypto';
import type { MultimodalDataset } from '@umq/datasets';
import { canonicalJson } from './canonical-json';

/** Feeds a byte section with its length in front, so that sections cannot run into each other. */
function section(h: Hash, bytes: Uint8Array): void {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(bytes.byteLength));
  h.update(len);
  h.update(bytes);
}

const view = (a: Float32Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * `sha256:<hex>` of a data set's content (little-endian float32 bytes, as every machine that
 * runs tfjs stores them).
 *
 * @param ds a loaded data set.
 * @example
 * ```ts
 * const hash = datasetContentHash(await loadDataset({ kind: 'mat', path: 'handwritten_6views.mat' }));
 * ```
 */
export function datasetContentHash(ds: MultimodalDataset): string {
  const h = createHash('sha256');
  section(h, Buffer.from(canonicalJson({ modalities: ds.modalities, task: ds.task, size: ds.size }, 'data set header')));
  for (const f of ds.features) {
    section(h, Buffer.from(canonicalJson([f.n, f.t, f.d, f.mask === null ? 0 : 1])));
    section(h, view(f.values));
    if (f.mask) section(h, view(f.mask));
  }
  section(h, view(ds.labels));
  section(h, view(ds.split));
  section(h, Buffer.from(JSON.stringify(ds.ids)));
  section(h, Buffer.from(JSON.stringify(ds.groups)));
  return `sha256:${h.digest('hex')}`;
}
