/**
 * CMU-MOSI utterance-level CSV release (Poria et al., ACL 2017): text 100, audio 73 and video
 * 100 dims per utterance, binary labels, 1,447 train / 752 test utterances from 62 / 31 videos.
 * Pure: builds the data set from the files' texts (fetched in a browser); `loadMosiUtterance`
 * in `@umq/datasets/node` reads them from a folder.
 */
import { DataFormatError, OptionError, type ModalityArray, type Seed } from '@umq/core';
import { parseCsv, parseNumericCsv, type NumericTable } from '../csv';
import { MultimodalDataset } from '../dataset';
import { imputeNonFinite } from '../preprocess';
import { carveValidationByGroup } from '../split';
import { SPLIT, type ModalitySpec } from '../types';

/** What to do with NaN/Inf feature cells: reject the file (`'error'`) or impute the train-split column mean. */
export type NonFinitePolicy = 'error' | 'impute';

/** Options of {@link datasetFromMosiUtterance}: how to split and clean the release. */
export interface MosiUtteranceTextOptions {
  /** Whole training videos moved to validation. Default 6 (the reference: 6 of 62). */
  validVideos?: number;
  /** Fraction of training videos moved to validation (used when `validVideos` is not given). */
  validFraction?: number;
  /** Seed of the validation videos. Default 0. */
  seed?: Seed;
  /** NaN/Inf handling. Default `'error'`. */
  nonFinite?: NonFinitePolicy;
  /** The folder or URL the files came from, named in errors (`<source>/<file>`). Default: the bare file names. */
  source?: string;
}

/** Options of `loadMosiUtterance` (`@umq/datasets/node`) and of `loadDataset`'s `'mosi-utterance'` kind. */
export interface MosiUtteranceOptions extends Omit<MosiUtteranceTextOptions, 'source'> {
  /** The release folder (holding `text_train.csv`, ..., `transcripts.csv`). */
  path: string;
}

/**
 * The nine files of the CMU-MOSI utterance CSV release, in the order
 * {@link datasetFromMosiUtterance} reads them.
 *
 * @example
 * ```ts
 * const texts = Object.fromEntries(await Promise.all(MOSI_UTTERANCE_FILES.map(async (f) => [f, await (await fetch(`/mosi/${f}`)).text()])));
 * ```
 */
export const MOSI_UTTERANCE_FILES: readonly string[] = [
  ...(['train', 'test'] as const).flatMap((s) => [...(['text', 'audio', 'video'] as const).map((m) => `${m}_${s}.csv`), `index_${s}.csv`]),
  'transcripts.csv',
];

const MODALITIES = ['text', 'audio', 'video'] as const;

/**
 * Builds the CMU-MOSI utterance-level data set from the texts of its CSV release (by file name,
 * see {@link MOSI_UTTERANCE_FILES}). Each `{modality}_{split}.csv` row is one
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
 * const texts = Object.fromEntries(await Promise.all(MOSI_UTTERANCE_FILES.map(async (f) => [f, await (await fetch(`/mosi/${f}`)).text()])));
 * const ds = datasetFromMosiUtterance(texts, { source: '/mosi' });
 * ds.summary().splits; // train 1,304 (56 videos), valid 143 (6), test 752 (31)
 * ```
 */
export function datasetFromMosiUtterance(texts: Readonly<Record<string, string>>, options: MosiUtteranceTextOptions = {}): MultimodalDataset {
  const at = (f: string): string => (options.source ? `${options.source.replace(/[/\\]+$/, '')}/${f}` : f);
  const policy = options.nonFinite ?? 'error';
  if (policy !== 'error' && policy !== 'impute') throw new OptionError(`datasetFromMosiUtterance: \`nonFinite\` must be 'error' or 'impute', got ${JSON.stringify(policy)}`);
  const missing = MOSI_UTTERANCE_FILES.filter((f) => typeof texts[f] !== 'string');
  if (missing.length) throw new OptionError(`datasetFromMosiUtterance: no text for ${missing.join(', ')}: the release needs all of ${MOSI_UTTERANCE_FILES.join(', ')}`);
  const splits = ['train', 'test'] as const;
  const text = (f: string): string => texts[f] as string;

  const transcriptsFile = at('transcripts.csv');
  const transcripts = parseCsv(text('transcripts.csv'), transcriptsFile);
  transcripts.forEach((r, i) => {
    if (r.length !== 4) throw new DataFormatError(`line ${i + 1}: ${r.length} columns, expected 4 (id, transcript, video number, label)`, transcriptsFile);
  });

  const dims: number[] = [];
  const parts: Array<{ tables: NumericTable[]; ids: string[]; groups: string[]; labels: Float32Array }> = [];
  for (const s of splits) {
    const tables = MODALITIES.map((m) => {
      const file = at(`${m}_${s}.csv`);
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
    const idxFile = at(`index_${s}.csv`);
    const index = parseNumericCsv(text(`index_${s}.csv`), idxFile);
    const n = tables[0]!.rows;
    MODALITIES.forEach((m, k) => {
      const t = tables[k]!;
      const file = at(`${m}_${s}.csv`);
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
      if (y !== 0 && y !== 1) throw new DataFormatError(`line ${r + 1}: label ${y} in the last column, expected 0 or 1`, at(`${MODALITIES[0]}_${s}.csv`));
      for (let k = 1; k < MODALITIES.length; k++) {
        const t = tables[k]!;
        const yk = t.data[r * t.cols + t.cols - 1];
        if (yk !== y) throw new DataFormatError(`line ${r + 1}: label ${yk}, but ${MODALITIES[0]}_${s}.csv has ${y} on that line: the modality files are not aligned`, at(`${MODALITIES[k]}_${s}.csv`));
      }
      const tr = index.data[r * index.cols] as number;
      if (!Number.isInteger(tr) || tr < 0 || tr >= transcripts.length) {
        throw new DataFormatError(`line ${r + 1}: column 1 is ${tr}, expected a row number in 0..${transcripts.length - 1} of transcripts.csv`, idxFile);
      }
      const row = transcripts[tr]!;
      if (Number(row[3]) !== y) {
        throw new DataFormatError(`line ${r + 1}: label ${y}, but transcripts.csv row ${tr} (${row[0]}) has label ${row[3]}: the index and the features disagree`, at(`${MODALITIES[0]}_${s}.csv`));
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
