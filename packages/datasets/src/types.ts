/**
 * Plain descriptive types of a multimodal data set: its modalities, its task and its splits.
 */

/** How one modality is stored per sample: a vector `[D]` or a padded sequence `[T, D]`. */
export type ModalityKind = 'vector' | 'sequence';

/**
 * One modality of a data set.
 *
 * @example
 * ```ts
 * const audio: ModalitySpec = { name: 'audio', kind: 'vector', dim: 73, maxLen: 1 };
 * ```
 */
export interface ModalitySpec {
  /** Modality name, unique in the data set (e.g. `'text'`, `'view1'`). */
  name: string;
  /** `'vector'` (one feature vector per sample) or `'sequence'` (padded steps with a mask). */
  kind: ModalityKind;
  /** Feature width D. */
  dim: number;
  /** Time steps T stored per sample (1 for vectors). */
  maxLen: number;
}

/**
 * The learning task and how labels are coded in `labels`:
 * regression (a real value, optional known `range`), binary (0/1) or multiclass
 * (class index `0..classes-1`).
 *
 * @example
 * ```ts
 * const task: TaskSpec = { type: 'multiclass', classes: 10 };
 * ```
 */
export type TaskSpec =
  | {
      /** Real-valued labels. */
      type: 'regression';
      /** The known label range (MOSI/MOSEI `[-3, 3]`, SIMS `[-1, 1]`). */
      range?: [number, number];
    }
  | {
      /** 0/1 labels. */
      type: 'binary';
    }
  | {
      /** Class indices `0..classes-1`. */
      type: 'multiclass';
      /** Number of classes C. */
      classes: number;
      /** Original label of each class (e.g. MATLAB's 1..C). */
      classNames?: string[];
    };

/** The name of a split. */
export type SplitName = 'train' | 'valid' | 'test';

/**
 * Split codes stored in `MultimodalDataset.split`: 0 train, 1 valid, 2 test.
 *
 * @example
 * ```ts
 * ds.split[0] === SPLIT.train;
 * ```
 */
export const SPLIT = {
  /** The training split. */
  train: 0,
  /** The validation split. */
  valid: 1,
  /** The test split. */
  test: 2,
} as const;

/**
 * Split names by code (the inverse of {@link SPLIT}).
 *
 * @example
 * ```ts
 * SPLIT_NAMES[ds.split[0]]; // 'train'
 * ```
 */
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];

/** Sizes, groups and (for classification) class counts of one split. */
export interface SplitSummary {
  /** Number of samples. */
  samples: number;
  /** Number of distinct group ids (videos, speakers). */
  groups: number;
  /** Samples per class (classification only; index = class). */
  classCounts?: number[];
}

/**
 * A short description of a data set, e.g. for logs and reports (see `MultimodalDataset.summary`).
 */
export interface DatasetSummary {
  /** Data set name. */
  name: string;
  /** Total samples. */
  samples: number;
  /** Modalities with their kinds and widths. */
  modalities: ModalitySpec[];
  /** The task. */
  task: TaskSpec;
  /** Per split: sizes, groups, class counts. */
  splits: Record<SplitName, SplitSummary>;
}
