/**
 * Reader of CMU-MultimodalSDK computational sequences (`.csd`, HDF5) from disk through
 * `h5wasm`'s Node build: `/<name>/data/<id>/features` [T, D], `/<name>/data/<id>/intervals`
 * [T, 2] and `/<name>/metadata` (string datasets and attributes).
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { DataFormatError } from '@umq/core';
import type { Csd, CsdEntry } from '../formats/csd';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when an HDF5 signature sits at offset 0, 512, 1024 or 2048 (the superblock places). */
function isHdf5(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    for (const off of [0, 512, 1024, 2048]) {
      if (off + 8 > size) break;
      const b = Buffer.alloc(8);
      readSync(fd, b, 0, 8, off);
      if (SIGNATURE.every((v, i) => b[i] === v)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

type H5 = typeof import('h5wasm');
let h5: Promise<H5['default']> | null = null;
async function loadH5(): Promise<H5['default']> {
  h5 ??= import('h5wasm/node').then(async (m) => {
    await m.ready;
    return m.default;
  });
  return h5;
}

function metaString(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(metaString).join(' ');
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, String).join(' ');
  return String(v);
}

/**
 * Reads a `.csd` computational sequence from disk.
 *
 * @param path - path of the `.csd` file
 * @returns the sequence name (root group), entries and metadata
 * @throws DataFormatError when the file is not HDF5, lacks `data`/`metadata`, or an entry's
 *   features and intervals disagree in length
 * @example
 * ```ts
 * import { readCsd } from '@umq/datasets/node';
 * const covarep = await readCsd('CMU_MOSI_COVAREP.csd');
 * const { features, shape } = covarep.entries['03bSnISJMiM']; // shape [T, 74]
 * ```
 */
export async function readCsd(path: string): Promise<Csd> {
  let hdf5: boolean;
  try {
    hdf5 = isHdf5(path);
  } catch (e) {
    throw new DataFormatError(`cannot open: ${(e as Error).message}`, path);
  }
  if (!hdf5) throw new DataFormatError('not an HDF5 file (no HDF5 signature): a .csd computational sequence is HDF5, as written by CMU-MultimodalSDK', path);
  const lib = await loadH5();
  let f: InstanceType<H5['File']>;
  try {
    f = new lib.File(path, 'r');
  } catch (e) {
    throw new DataFormatError(`HDF5 library could not open the file (${(e as Error).message})`, path);
  }
  try {
    const roots = f.keys();
    const name = roots.find((k) => {
      const g = f.get(k);
      return g instanceof lib.Group && g.keys().includes('data');
    });
    if (name === undefined) throw new DataFormatError(`no root group with a 'data' group (root holds [${roots.join(', ')}]): expected /<sequence name>/data/<id>/{features,intervals}`, path);
    const root = f.get(name) as InstanceType<H5['Group']>;
    const metaG = root.get('metadata');
    if (!(metaG instanceof lib.Group)) throw new DataFormatError(`group '/${name}/metadata' is missing: a computational sequence must carry its metadata`, path);
    const metadata: Record<string, string> = Object.create(null);
    for (const [k, a] of Object.entries(metaG.attrs)) metadata[k] = metaString(a.value);
    for (const k of metaG.keys()) {
      const d = metaG.get(k);
      if (d instanceof lib.Dataset) metadata[k] = metaString(d.value);
    }
    const data = root.get('data') as InstanceType<H5['Group']>;
    const entries: Record<string, CsdEntry> = Object.create(null);
    for (const id of data.keys()) {
      const g = data.get(id);
      const where = `'/${name}/data/${id}'`;
      if (!(g instanceof lib.Group)) throw new DataFormatError(`${where} is not a group: expected a group with 'features' and 'intervals' datasets`, path);
      const fd = g.get('features');
      const iv = g.get('intervals');
      if (!(fd instanceof lib.Dataset)) throw new DataFormatError(`${where}/features is missing or not a dataset`, path);
      if (!(iv instanceof lib.Dataset)) throw new DataFormatError(`${where}/intervals is missing or not a dataset`, path);
      const fs = fd.shape ?? [];
      const is = iv.shape ?? [];
      if (fs.length !== 2) throw new DataFormatError(`${where}/features has shape [${fs.join(', ')}], expected [T, D]`, path);
      if (is.length !== 2 || is[1] !== 2) throw new DataFormatError(`${where}/intervals has shape [${is.join(', ')}], expected [T, 2]`, path);
      if (fs[0] !== is[0]) throw new DataFormatError(`${where}: features has ${fs[0]} steps but intervals has ${is[0]}: they must match`, path);
      const fv = fd.value;
      const ivv = iv.value;
      if (!ArrayBuffer.isView(fv) || !ArrayBuffer.isView(ivv)) throw new DataFormatError(`${where}: features and intervals must be numeric datasets`, path);
      const feats = fv instanceof Float32Array ? fv : Float32Array.from(fv as unknown as ArrayLike<number>, Number);
      const ints = ivv instanceof Float64Array ? ivv : Float64Array.from(ivv as unknown as ArrayLike<number>, Number);
      if (feats.length !== fs[0] * fs[1] || ints.length !== is[0] * 2) throw new DataFormatError(`${where}: dataset sizes disagree with their shapes`, path);
      entries[id] = { features: feats, shape: [fs[0], fs[1]], intervals: ints };
    }
    return { name, entries, metadata };
  } finally {
    f.close();
  }
}
