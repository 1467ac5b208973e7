/**
 * The metrics of a task from logits: binary (accuracy, F1, weighted F1), multiclass (accuracy,
 * macro-F1), regression (Acc7/5/2 both conventions, F1, MAE, Corr).
 */
import type { TaskType } from '@umq/core';
import { binaryMetrics, multiclassMetrics, regressionMetrics } from '@umq/metrics';

/** Metric values of one run (null where undefined, e.g. the correlation of a constant). */
export type MetricValues = Record<string, number | null>;

/**
 * The headline metric of each task (higher is better).
 *
 * @example
 * ```ts
 * primaryMetric('binary'); // 'accuracy'
 * primaryMetric('regression'); // 'acc2Non0'
 * ```
 */
export function primaryMetric(task: TaskType): string {
  return task === 'regression' ? 'acc2Non0' : 'accuracy';
}

/**
 * Computes the task's metrics from logits `[N, out]`.
 *
 * @example
 * ```ts
 * taskMetrics('binary', Float32Array.from([0.3, -1]), 1, Float32Array.from([1, 0])); // { accuracy: 1, ... }
 * ```
 */
export function taskMetrics(task: TaskType, logits: Float32Array, outDim: number, labels: Float32Array): MetricValues {
  const n = labels.length;
  if (task === 'binary') {
    const m = binaryMetrics(labels, logits, { input: 'logits' });
    return { accuracy: m.accuracy, f1: m.f1, weightedF1: m.weightedF1 };
  }
  if (task === 'multiclass') {
    const pred = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < outDim; c++) if (logits[i * outDim + c] > logits[i * outDim + best]) best = c;
      pred[i] = best;
    }
    const m = multiclassMetrics(labels, pred);
    return { accuracy: m.accuracy, macroF1: m.macroF1 };
  }
  const m = regressionMetrics(labels, logits);
  return { acc7: m.acc7, acc5: m.acc5, acc2Has0: m.acc2Has0, f1Has0: m.f1Has0, acc2Non0: m.acc2Non0, f1Non0: m.f1Non0, mae: m.mae, corr: m.corr };
}
