/** Hand-made result rows for the report tests (numbers chosen so expectations are easy to compute). */
import type { ResultRow } from '../eval/run-experiment';
import type { QualityBuckets } from '../eval/quality-buckets';

/** A row of `model` under `protocol`/`rate` for `seed` with accuracy `acc` (and optional buckets). */
export function row(model: string, protocol: string, rate: number | null, seed: number, acc: number, extra: Partial<ResultRow> & { qualityBuckets?: QualityBuckets } = {}): ResultRow & { qualityBuckets?: QualityBuckets } {
  return { model: model as ResultRow['model'], variant: 'default', protocol, rate, seed, metrics: { accuracy: acc, weightedF1: acc - 0.01 }, realisedRate: rate, epochs: 3, bestEpoch: 2, seconds: 1, ...extra };
}

/** Buckets over [0, 0.5, 1] with the given counts and correct counts. */
export function buckets(count: number[], correct: number[]): QualityBuckets {
  return { metric: 'accuracy', edges: [0, 0.5, 1], count, correct };
}
