/**
 * What a data source is, as a discriminated union (used by `loadDataset` in
 * `@umq/datasets/node` and by the CLI). Pure: types and names only.
 */
import type { CsdOptions } from './loaders/csd';
import type { MmsaOptions } from './loaders/mmsa';
import type { MultiviewOptions } from './loaders/multiview';
import type { MosiUtteranceOptions } from './loaders/mosi';
import type { NpzOptions } from './loaders/npz';
import type { AvDigitsOptions } from './loaders/av-digits';
import type { SyntheticOptions } from './synthetic';

/**
 * What to load. `kind` selects the source; the other fields are that loader's options.
 * - `'synthetic'`: {@link makeSynthetic} (no file);
 * - `'mosi-utterance'`: the CMU-MOSI utterance CSV release folder (`loadMosiUtterance`);
 * - `'mat'`: a multi-view MATLAB v5 file ({@link multiviewFromMat} layouts);
 * - `'mmsa'`: an MMSA feature pickle (`aligned_50.pkl`, ...; {@link datasetFromMmsa});
 * - `'csd'`: CMU-MultimodalSDK sequences: `path` is the label sequence, `modalities` maps names to
 *   sequence files ({@link datasetFromCsd});
 * - `'npz'`: a numpy `.npz` archive ({@link datasetFromNpz} convention);
 * - `'av-digits'`: spoken digits (WAV folder, e.g. FSDD) paired with digit images (`loadAvDigits`, `@umq/datasets/node`).
 *
 * @example
 * ```ts
 * const spec: DatasetSpec = { kind: 'mosi-utterance', path: '../shared/data/cmu-mosi-utterance', validVideos: 6 };
 * ```
 */
export type DatasetSpec =
  | ({
      /** The loader. */
      kind: 'synthetic';
    } & SyntheticOptions)
  | ({
      /** The loader. */
      kind: 'mosi-utterance';
    } & MosiUtteranceOptions)
  | ({
      /** The loader. */
      kind: 'mat';
      /** The file to read. */
      path: string;
    } & MultiviewOptions)
  | ({
      /** The loader. */
      kind: 'mmsa';
      /** The file to read. */
      path: string;
    } & MmsaOptions)
  | ({
      /** The loader. */
      kind: 'csd';
      /** The label sequence (`.csd`). */
      path: string;
      /** The feature sequence file of each modality, by modality name. */
      modalities: Record<string, string>;
    } & CsdOptions)
  | ({
      /** The loader. */
      kind: 'npz';
      /** The file to read. */
      path: string;
    } & NpzOptions)
  | ({
      /** The loader. */
      kind: 'av-digits';
    } & AvDigitsOptions);

/**
 * The `kind`s `loadDataset` (`@umq/datasets/node`) accepts (e.g. for a CLI's choices).
 *
 * @example
 * ```ts
 * if (!DATASET_KINDS.includes(arg as never)) throw new Error(`unknown kind ${arg}`);
 * ```
 */
export const DATASET_KINDS = ['synthetic', 'mosi-utterance', 'mat', 'mmsa', 'csd', 'npz', 'av-digits'] as const;

