/**
 * Prediction records: what `umq predict` prints per sample, and what the demo page shows.
 */
import type { Predictions } from '../train/evaluate';

/** One prediction record (a line of `umq predict`'s JSONL). */
export interface PredictionRecord {
  /** The sample's id. */
  id: string;
  /** Its label. */
  label: number;
  /** The class (binary: 1 iff logit > 0; multiclass: argmax) or the regression value. */
  prediction: number;
  /** The logits (7 significant digits). */
  logits: number[];
  /** Estimated quality per modality, when the model has one. */
  quality?: number[];
  /** The configuration κ as 0/1 digits per modality, when the model has one. */
  config?: string;
  /** The experts chosen, when the model routes. */
  experts?: number[];
  /** Their weights. */
  expertWeights?: number[];
}

/**
 * The records `umq predict` writes (one JSONL line each), in sample order: the prediction, the
 * logits, and where the model has them each modality's quality, κ and the experts chosen.
 *
 * @param ids the samples' ids.
 * @param p the predictions of those samples (`predict`).
 * @param labels their labels.
 * @param task the model's task.
 * @example
 * ```ts
 * const records = predictionRecords(split.ids, predict(model, split), split.labels, model.task);
 * ```
 */
export function predictionRecords(ids: readonly string[], p: Predictions, labels: Float32Array, task: 'binary' | 'multiclass' | 'regression'): PredictionRecord[] {
  const round = (x: number) => Number(x.toPrecision(7));
  return ids.map((id, i) => {
    const logits = Array.from(p.logits.subarray(i * p.outDim, (i + 1) * p.outDim)).map(round);
    // class index (multiclass), class 0/1 from the logit (binary), the value (regression)
    const prediction = task === 'multiclass' ? logits.indexOf(Math.max(...logits)) : task === 'binary' ? (logits[0] > 0 ? 1 : 0) : logits[0];
    const r: PredictionRecord = { id, label: labels[i], prediction, logits };
    if (p.quality) r.quality = p.quality.map((q) => round(q[i]));
    if (p.config) {
      const m = p.config.length / ids.length;
      r.config = Array.from(p.config.subarray(i * m, (i + 1) * m)).join('');
    }
    if (p.topIndices && p.k) {
      r.experts = Array.from(p.topIndices.subarray(i * p.k, (i + 1) * p.k));
      r.expertWeights = Array.from(p.topWeights!.subarray(i * p.k, (i + 1) * p.k)).map(round);
    }
    return r;
  });
}

