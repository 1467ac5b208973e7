/** Test helpers of the audio goldens (tools/fixtures/datasets/make_audio_golden.py). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../formats/fixtures.test-util';

/** The fixture WAVs written by the golden script. */
export const AUDIO_FIXTURES = join(FIXTURES, 'audio');
/** Bytes of one fixture WAV. */
export const wavFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(AUDIO_FIXTURES, name)));

interface FeatureGolden {
  options: Record<string, number | string | boolean>;
  recordings: Record<string, { frames: number; at: number[]; logMel: number[][]; mfcc: number[][] }>;
}
/** The golden JSON. */
export const golden = JSON.parse(readFileSync(join(FIXTURES, 'audio_golden.json'), 'utf8')) as {
  wav: Record<string, { sampleRate: number; channels: number; samples: number[] }>;
  resample: Record<string, { from: number; to: number; samples: number[] }>;
  real: Record<string, { sampleRate: number; length: number; head: number[]; sum: number; sumSq: number }>;
  features: Record<string, FeatureGolden>;
  pca: { train: { digits: number[]; perDigit: [number, number] }; test: { perDigit: [number, number] }; fits: Record<string, { components: number; explained: number; reconstruction: number[][] }> };
};

/** Largest absolute difference of two equally long sequences. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
