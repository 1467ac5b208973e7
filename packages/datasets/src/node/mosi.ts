/**
 * The CMU-MOSI utterance CSV release read from a folder (Node); the data set is built by the
 * pure {@link datasetFromMosiUtterance} of `@umq/datasets`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, OptionError } from '@umq/core';
import type { MultimodalDataset } from '../dataset';
import { MOSI_UTTERANCE_FILES, datasetFromMosiUtterance, type MosiUtteranceOptions } from '../loaders/mosi';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'latin1');
  } catch (e) {
    throw new DataFormatError(`cannot read the file (${(e as Error).message}): the MOSI utterance release needs {text,audio,video}_{train,test}.csv, index_{train,test}.csv and transcripts.csv`, path, { cause: e });
  }
}

/**
 * Loads the CMU-MOSI utterance-level CSV release from its folder (see
 * {@link datasetFromMosiUtterance} for the layout, the checks and the validation split).
 *
 * @throws DataFormatError naming the file and the line for missing, malformed or inconsistent files.
 * @example
 * ```ts
 * import { loadMosiUtterance } from '@umq/datasets/node';
 * const ds = await loadMosiUtterance({ path: '../shared/data/cmu-mosi-utterance' });
 * ds.summary().splits; // train 1,304 (56 videos), valid 143 (6), test 752 (31)
 * ```
 */
export async function loadMosiUtterance(options: MosiUtteranceOptions): Promise<MultimodalDataset> {
  const dir = options?.path;
  if (typeof dir !== 'string' || dir.length === 0) throw new OptionError('loadMosiUtterance: `path` must be the folder of the release');
  const { path: _path, ...rest } = options;
  const texts = await Promise.all(MOSI_UTTERANCE_FILES.map((f) => readText(join(dir, f))));
  return datasetFromMosiUtterance(Object.fromEntries(MOSI_UTTERANCE_FILES.map((f, i) => [f, texts[i]!])), { ...rest, source: dir });
}
