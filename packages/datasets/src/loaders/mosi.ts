/**
 * CMU-MOSI utterance-level CSV release (Poria et al., ACL 2017): text 100, audio 73 and video
 * 100 dims per utterance, binary labels, 1,447 train / 752 test utterances from 62 / 31 videos.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, OptionError, type ModalityArray, type Seed } from '@umq/core';
import { parseCsv, parseNumericCsv, type NumericTable } from '../csv';
import { MultimodalDataset } from '../dataset';
import { imputeNonFinite } from '../preprocess';
import { carveValidationByGroup } from '../split';
import { SPLIT, type ModalitySpec } from '../types';

/** What to do with NaN/Inf feature cells: reject the file (`'error'`) or impute the train-split column mean. */
export type NonFinitePolicy = 'error' | 'impute';

/** Options of {@link loadMosiUtterance}. */
export interface MosiUtteranceOptions {
  /** The release folder (holding `text_train.csv`, ..., `transcripts.csv`). */
  path: string;
  /** Whole training videos moved to validation. Default 6 (the reference: 6 of 62). */
  validVideos?: number;
  /** Fraction of training videos moved to validation (used when `validVideos` is not given). */
  validFraction?: number;
  /** Seed of the validation videos. Default 0. */
  seed?: Seed;
  /** NaN/Inf handling. Default `'error'`. */
  nonFinite?: NonFinitePolicy;
}

const MODALITIES = ['text', 'audio', 'video'] as const;

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'latin1');
  } catch (e) {
    throw new DataFormatError(`cannot read the file (${(e as Error).message}): the MOSI utterance release needs {text,audio,video}_{train,test}.csv, index_{train,test}.csv and transcripts.csv`, path, { cause: e });
  }
}

/**
 * Loads the CMU-MOSI utterance-level CSV release. Each `{modality}_{split}.csv` row is one
 * utterance (quoted floats, label in the last column); rows align across modalities; the
 * `index_{split}.csv` column 0 is a 0-based row into `transcripts.csv`
 * (`id, transcript, video number, label`), which gives the utterance id (`<video>_<clip>`) and
 * the group (the video id). Train/test as released; validation carved from train by whole
 * videos (seeded). Checks that the three modalities and the index agree in rows and labels,
 * and that every label matches the transcript's.
 *
 * Note (from the data README): the released features were extracted by networks trained on
 * the train split, so a validation split carved from train leaks; use a fixed epoch budget.
 *
 * @throws DataFormatError naming the file and the line for malformed or inconsistent files.
 * @example
 * ```ts
 * const ds = await loadMosiUtterance({ path: '../shared/data/cmu-mosi-utterance' });
 * ds.summary().splits; // train 1,304 (56 videos), valid 143 (6), test 752 (31)
 * ```
 */
export async function loadMosiUtterance(options: MosiUtteranceOptions): Promise<MultimodalDataset> {
  const dir = options.path;
  if (typeof dir !== 'string' || dir.length === 0) throw new OptionError('loadMosiUtterance: `path` must be the folder of the release');
  const policy = options.nonFinite ?? 'error';
  if (policy !== 'error' && policy !== 'impute') throw new OptionError(`loadMosiUtterance: \`nonFinite\` must be 'error' or 'impute', got ${JSON.stringify(policy)}`);
  const splits = ['train', 'test'] as const;
  const names = [...splits.flatMap((s) => [...MODALITIES.map((m) => `${m}_${s}.csv`), `index_${s}.csv`]), 'transcripts.csv'];
  const texts = await Promise.all(names.map((f) => readText(join(dir, f))));
  const text = (f: string): string => texts[names.indexOf(f)] as string;

  const transcriptsFile = join(dir, 'transcripts.csv');
  const transcripts = parseCsv(text('transcripts.csv'), transcriptsFile);
  transcripts.forEach((r, i) => {
    if (r.length !== 4) throw new DataFormatError(`line ${i + 1}: ${r.length} columns, expected 4 (id, transcript, video number, label)`, transcriptsFile);
  });

  const dims: number[] = [];
  const parts: Array<{ tables: NumericTable[]; ids: string[]; groups: string[]; labels: Float32Array }> = [];
  for (const s of splits) {
    const tables = MODALITIES.map((m) => {
      const file = join(dir, `${m}_${s}.csv`);
      const t = parseNumericCsv(text(`${m}_${s}.csv`), file);
      if (t.cols < 2) throw new DataFormatError(`${t.cols} column(s): expected features then a label in the last column`, file);
      if (t.nonFinite.length > 0) {
        const [r, c] = t.nonFinite[0]!;
        if (c === t.cols - 1) throw new DataFormatError(`line ${r + 1}, column ${c + 1}: the label is ${t.data[r * t.cols + c]}: labels must be 0 or 1`, file);
        if (policy === 'error') {
          throw new DataFormatError(`line ${r + 1}, column ${c + 1}: value ${t.data[r * t.cols + c]} is not finite (${t.nonFinite.length} such cell(s)): fix the file or load with \`nonFinite: 'impute'\``, file);
        }
      }
      return t;
    });
    const idxFile = join(dir, `index_${s}.csv`);
    const index = parseNumericCsv(text(`index_${s}.csv`), idxFile);
    const n = tables[0]!.rows;
    MODALITIES.forEach((m, k) => {
      const t = tables[k]!;
      const file = join(dir, `${m}_${s}.csv`);
      if (t.rows !== n) throw new DataFormatError(`${t.rows} rows, but ${MODALITIES[0]}_${s}.csv has ${n}: the modality files of a split must have one row per utterance, aligned`, file);
      const d = t.cols - 1;
      if (s === 'train') dims[k] = d;
      else if (dims[k] !== d) throw new DataFormatError(`${d} feature columns, but ${m}_train.csv has ${dims[k]}`, file);
    });
    if (index.rows !== n) throw new DataFormatError(`${index.rows} rows, but the ${s} feature files have ${n}: one index row per utterance expected`, idxFile);
    const labels = new Float32Array(n);
    const ids: string[] = [];
    const groups: string[] = [];
    for (let r = 0; r < n; r++) {
      const y = tables[0]!.data[r * tables[0]!.cols + tables[0]!.cols - 1] as number;
      if (y !== 0 && y !== 1) throw new DataFormatError(`line ${r + 1}: label ${y} in the last column, expected 0 or 1`, join(dir, `${MODALITIES[0]}_${s}.csv`));
      for (let k = 1; k < MODALITIES.length; k++) {
        const t = tables[k]!;
        const yk = t.data[r * t.cols + t.cols - 1];
        if (yk !== y) throw new DataFormatError(`line ${r + 1}: label ${yk}, but ${MODALITIES[0]}_${s}.csv has ${y} on that line: the modality files are not aligned`, join(dir, `${MODALITIES[k]}_${s}.csv`));
      }
      const tr = index.data[r * index.cols] as number;
      if (!Number.isInteger(tr) || tr < 0 || tr >= transcripts.length) {
        throw new DataFormatError(`line ${r + 1}: column 1 is ${tr}, expected a row number in 0..${transcripts.length - 1} of transcripts.csv`, idxFile);
      }
      const row = transcripts[tr]!;
      if (Number(row[3]) !== y) {
        throw new DataFormatError(`line ${r + 1}: label ${y}, but transcripts.csv row ${tr} (${row[0]}) has label ${row[3]}: the index and the features disagree`, join(dir, `${MODALITIES[0]}_${s}.csv`));
      }
      labels[r] = y;
      const id = row[0]!;
      ids.push(id);
      const cut = id.lastIndexOf('_');
      groups.push(cut > 0 ? id.slice(0, cut) : id);
    }
    parts.push({ tables, ids, groups, labels });
  }

  const nTrain = parts[0]!.labels.length;
  const n = nTrain + parts[1]!.labels.length;
  const features: ModalityArray[] = MODALITIES.map((_, k) => {
    const d = dims[k]!;
    const values = new Float32Array(n * d);
    let off = 0;
    for (const p of parts) {
      const t = p.tables[k]!;
      for (let r = 0; r < t.rows; r++) {
        const base = r * t.cols;
        for (let j = 0; j < d; j++) values[off + j] = t.data[base + j] as number;
        off += d;
      }
    }
    return { values, n, t: 1, d, mask: null };
  });
  const labels = new Float32Array(n);
  labels.set(parts[0]!.labels, 0);
  labels.set(parts[1]!.labels, nTrain);
  let split: Uint8Array = new Uint8Array(n);
  split.fill(SPLIT.test, nTrain);
  const ids = [...parts[0]!.ids, ...parts[1]!.ids];
  const groups = [...parts[0]!.groups, ...parts[1]!.groups];
  split = carveValidationByGroup(
    split,
    groups,
    options.validFraction !== undefined && options.validVideos === undefined ? { fraction: options.validFraction, seed: options.seed ?? 0 } : { groups: options.validVideos ?? 6, seed: options.seed ?? 0 },
  );
  const modalities: ModalitySpec[] = MODALITIES.map((m, k) => ({ name: m, kind: 'vector', dim: dims[k]!, maxLen: 1 }));
  const ds = new MultimodalDataset({ name: 'mosi-utterance', modalities, task: { type: 'binary' }, features, labels, split, ids, groups });
  return policy === 'impute' ? imputeNonFinite(ds).dataset : ds;
}
