import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, OptionError } from '@umq/core';
import { sharedDataFile } from '../../../../tools/testing/shared-data';
import { parseCsv } from '../csv';
import { loadMosiUtterance } from '../node/mosi';
import { datasetFromMosiUtterance, MOSI_UTTERANCE_FILES } from './mosi';
import { loadDataset } from '../node/load';
import type { MultimodalDataset } from '../dataset';

const dir = sharedDataFile('cmu-mosi-utterance');

describe.skipIf(!dir)('CMU-MOSI utterance release (real data)', () => {
  let ds: MultimodalDataset;
  beforeAll(async () => {
    ds = await loadDataset({ kind: 'mosi-utterance', path: dir!, validVideos: 0 });
  });

  it('has 1,447 train / 752 test utterances from 62 / 31 videos, three modalities', () => {
    const s = ds.summary();
    expect(s.splits.train.samples).toBe(1447);
    expect(s.splits.test.samples).toBe(752);
    expect(s.splits.valid.samples).toBe(0);
    expect(s.splits.train.groups).toBe(62);
    expect(s.splits.test.groups).toBe(31);
    expect(s.modalities.map((m) => `${m.name}:${m.dim}`)).toEqual(['text:100', 'audio:73', 'video:100']);
    expect(s.task).toEqual({ type: 'binary' });
    // README: 1,176 positive / 1,023 negative.
    const pos = s.splits.train.classCounts![1]! + s.splits.test.classCounts![1]!;
    expect(pos).toBe(1176);
    expect(ds.size - pos).toBe(1023);
  });

  it('ids and labels match transcripts.csv', () => {
    // First rows of each split, read by hand from index_*.csv and transcripts.csv.
    expect(ds.ids.slice(0, 3)).toEqual(['1DmNV9C1hbY_10', '1DmNV9C1hbY_12', '1DmNV9C1hbY_2']);
    const test = ds.indices('test');
    expect(ds.ids[test[0]!]).toBe('03bSnISJMiM_1');
    expect(ds.labels[test[0]!]).toBe(1);
    expect(ds.groups[test[0]!]).toBe('03bSnISJMiM');
    const tr = parseCsv(readFileSync(join(dir!, 'transcripts.csv'), 'latin1'), 'transcripts.csv');
    const byId = new Map(tr.map((r) => [r[0]!, Number(r[3])]));
    for (const i of [0, 1, 500, 1446, 1447, 1800, 2198]) expect(ds.labels[i]).toBe(byId.get(ds.ids[i]!));
    expect(new Set(ds.ids).size).toBe(2199);
    // Train and test videos are disjoint (speaker-independent split).
    const trainVideos = new Set(Array.from(ds.indices('train'), (i) => ds.groups[i]));
    expect(Array.from(test).some((i) => trainVideos.has(ds.groups[i]!))).toBe(false);
  });

  it('reads the first feature values of text_train.csv exactly (as float32)', () => {
    expect(ds.features[0]!.values[0]).toBe(Math.fround(-1.1352200000000001));
    expect(ds.features[0]!.values[1]).toBe(Math.fround(0.88715599999999994));
  });

  it('carves validation by whole training videos, seeded (default 6 of 62)', async () => {
    const a = await loadMosiUtterance({ path: dir! });
    const b = await loadMosiUtterance({ path: dir! });
    const c = await loadMosiUtterance({ path: dir!, seed: 5 });
    const s = a.summary().splits;
    expect(s.valid.groups).toBe(6);
    expect(s.train.groups).toBe(56);
    expect(s.train.samples + s.valid.samples).toBe(1447);
    expect(Array.from(a.split)).toEqual(Array.from(b.split));
    expect(Array.from(a.split)).not.toEqual(Array.from(c.split));
    const validVideos = new Set(Array.from(a.indices('valid'), (i) => a.groups[i]));
    expect(Array.from(a.indices('train')).some((i) => validVideos.has(a.groups[i]!))).toBe(false);
    const f = await loadMosiUtterance({ path: dir!, validFraction: 0.25 });
    expect(f.summary().splits.valid.groups).toBe(Math.round(62 * 0.25));
  });
});

// A tiny release, written to a temp folder, then broken one way per case.
function release(patch: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'umq-mosi-'));
  const files: Record<string, string> = {
    'transcripts.csv': '"vidA_1","HELLO, THERE","1","1"\n"vidA_2","NO","1","0"\n"vidB_1","OK","2","1"\n"vidC_1","BAD","3","0"\n',
    'text_train.csv': '"0.1","0.2","1"\n"0.3","0.4","0"\n"0.5","0.6","1"\n',
    'audio_train.csv': '"1","2","3","1"\n"4","5","6","0"\n"7","8","9","1"\n',
    'video_train.csv': '"0","1"\n"0","0"\n"1","1"\n',
    'index_train.csv': '"0","0.1","0.2"\n"1","0.3","0.4"\n"2","0.5","0.6"\n',
    'text_test.csv': '"0.7","0.8","0"\n',
    'audio_test.csv': '"1","1","1","0"\n',
    'video_test.csv': '"2","0"\n',
    'index_test.csv': '"3","0.7","0.8"\n',
    ...patch,
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

describe('loadMosiUtterance on malformed releases', () => {
  it('loads the well-formed tiny release', async () => {
    const ds = await loadMosiUtterance({ path: release(), validVideos: 1, seed: 0 });
    expect(ds.ids).toEqual(['vidA_1', 'vidA_2', 'vidB_1', 'vidC_1']);
    expect(ds.groups).toEqual(['vidA', 'vidA', 'vidB', 'vidC']);
    expect(Array.from(ds.labels)).toEqual([1, 0, 1, 0]);
    expect(ds.modalities.map((m) => m.dim)).toEqual([2, 3, 1]);
    expect(Array.from(ds.features[1]!.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1]);
    expect(ds.summary().splits.valid.groups).toBe(1);
  });

  it.each([
    ['a truncated feature file', { 'audio_train.csv': '"1","2","3","1"\n"4","5","6","0"\n"7","8' }, 'audio_train.csv', /line 3, column 2: unterminated quoted field/],
    ['inconsistent columns', { 'text_train.csv': '"0.1","0.2","1"\n"0.3","0"\n"0.5","0.6","1"\n' }, 'text_train.csv', /line 2: 2 columns, but earlier lines have 3/],
    ['a modality with fewer rows', { 'video_train.csv': '"0","1"\n"0","0"\n' }, 'video_train.csv', /2 rows, but text_train.csv has 3/],
    ['an index with fewer rows (label/row count mismatch)', { 'index_train.csv': '"0","0.1","0.2"\n"1","0.3","0.4"\n' }, 'index_train.csv', /2 rows, but the train feature files have 3/],
    ['an empty index file', { 'index_test.csv': '' }, 'index_test.csv', /the file is empty/],
    ['labels that disagree across modalities', { 'audio_train.csv': '"1","2","3","1"\n"4","5","6","1"\n"7","8","9","1"\n' }, 'audio_train.csv', /line 2: label 1, but text_train.csv has 0/],
    ['a label that disagrees with the transcripts', { 'index_train.csv': '"1","0.1","0.2"\n"1","0.3","0.4"\n"2","0.5","0.6"\n' }, 'text_train.csv', /line 1: label 1, but transcripts.csv row 1 \(vidA_2\) has label 0/],
    ['an index row out of range', { 'index_test.csv': '"9","0.7","0.8"\n' }, 'index_test.csv', /line 1: column 1 is 9, expected a row number in 0..3/],
    ['a label that is not binary', { 'text_test.csv': '"0.7","0.8","2"\n', 'audio_test.csv': '"1","1","1","2"\n', 'video_test.csv': '"2","2"\n' }, 'text_test.csv', /label 2 in the last column, expected 0 or 1/],
    ['a NaN feature', { 'audio_train.csv': '"1","2","3","1"\n"4","nan","6","0"\n"7","8","9","1"\n' }, 'audio_train.csv', /line 2, column 2: value NaN is not finite/],
    ['a test file with other widths', { 'text_test.csv': '"0.7","0.8","0.9","0"\n' }, 'text_test.csv', /3 feature columns, but text_train.csv has 2/],
    ['a transcript row with 3 columns', { 'transcripts.csv': '"vidA_1","1","1"\n' }, 'transcripts.csv', /line 1: 3 columns, expected 4/],
    ['a missing file', { 'video_test.csv': undefined as unknown as string }, 'video_test.csv', /cannot read the file/],
  ])('%s -> DataFormatError naming the file', async (_name, patch, file, msg) => {
    const d = release();
    for (const [f, text] of Object.entries(patch)) {
      if (text === undefined) {
        const { rmSync } = await import('node:fs');
        rmSync(join(d, f));
      } else writeFileSync(join(d, f), text);
    }
    const err = await loadMosiUtterance({ path: d }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).file).toBe(join(d, file));
    expect((err as Error).message).toMatch(msg);
  });

  it('imputes NaN with the train-split column mean when asked', async () => {
    const d = release({ 'audio_train.csv': '"1","2","3","1"\n"4","nan","6","0"\n"7","8","inf","1"\n' });
    const ds = await loadMosiUtterance({ path: d, nonFinite: 'impute', validVideos: 0 });
    const a = ds.features[1]!.values;
    expect(a[4]).toBeCloseTo((2 + 8) / 2, 6);
    expect(a[8]).toBeCloseTo((3 + 6) / 2, 6);
  });

  it('builds the same data set from the texts alone (no file system), naming the source in errors', async () => {
    const d = release();
    const texts = Object.fromEntries(MOSI_UTTERANCE_FILES.map((f) => [f, readFileSync(join(d, f), 'latin1')]));
    const fromTexts = datasetFromMosiUtterance(texts, { validVideos: 1, seed: 0 });
    const fromFolder = await loadMosiUtterance({ path: d, validVideos: 1, seed: 0 });
    expect(fromTexts.ids).toEqual(fromFolder.ids);
    expect(Array.from(fromTexts.split)).toEqual(Array.from(fromFolder.split));
    expect(fromTexts.features.map((f) => Array.from(f.values))).toEqual(fromFolder.features.map((f) => Array.from(f.values)));
    expect(() => datasetFromMosiUtterance({ ...texts, 'index_test.csv': '' }, { source: 'https://host/mosi/' })).toThrow(/^https:\/\/host\/mosi\/index_test\.csv: /);
    const { 'transcripts.csv': _t, ...missing } = texts;
    expect(() => datasetFromMosiUtterance(missing)).toThrow(OptionError);
    expect(() => datasetFromMosiUtterance(missing)).toThrow(/no text for transcripts\.csv/);
  });
});
