/** Task-level classification metrics: binary (accuracy, F1, weighted F1, AUC) and C-class. */
import { MetricsError } from './errors';
import { countsF1, perClass, weighted, type ClassF1 } from './f1';
import { agreement } from './regression';
import { rocAucUnchecked } from './roc-auc';
import { assertBinaryLabels, pairOfArrays, type NumberArray } from './validate';

/** What the predictions of {@link binaryMetrics} are. */
export type BinaryInput = 'labels' | 'logits' | 'probabilities';

/** Options of {@link binaryMetrics}. */
export interface BinaryOptions {
  /**
   * What `yPred` holds. Default `'labels'` (0/1). `'logits'` and `'probabilities'` are
   * thresholded: predicted class 1 iff `score > threshold` (strict, so a logit of exactly 0,
   * or a probability of exactly 0.5, predicts 0).
   */
  input?: BinaryInput;
  /** Decision threshold; default 0 for logits, 0.5 for probabilities; ignored for labels. */
  threshold?: number;
}

/** Result of {@link binaryMetrics}; all in [0, 1]. */
export interface BinaryMetrics {
  /** Fraction of correct predictions. */
  accuracy: number;
  /** F1 of the positive class 1 (sklearn `average='binary'`, 0 when no positive exists at all). */
  f1: number;
  /** Support-weighted F1 over the classes present (sklearn `average='weighted'`). */
  weightedF1: number;
  /**
   * ROC AUC of `yPred` as given (scores, or hard labels: then it equals balanced accuracy);
   * `null` when `yTrue` has a single class.
   */
  rocAuc: number | null;
  /** Number of samples. */
  n: number;
}

/**
 * Binary-task metrics (the spec's "binary tasks: accuracy and F1, binary and weighted").
 *
 * @param yTrue true labels, 0 or 1
 * @param yPred predicted labels (0/1) or scores, see {@link BinaryOptions.input}
 * @throws MetricsError on labels other than 0/1, empty input, length mismatch, non-finite values
 * @example
 * ```ts
 * import { binaryMetrics } from '@umq/metrics';
 * binaryMetrics([0, 1, 1, 0], [-1.2, 0.4, -0.1, 0], { input: 'logits' });
 * // { accuracy: 0.75, f1: 0.667, weightedF1: 0.733, rocAuc: 0.75, n: 4 }
 * ```
 */
export function binaryMetrics(
  yTrue: NumberArray,
  yPred: NumberArray,
  options: BinaryOptions = {},
): BinaryMetrics {
  const fn = 'binaryMetrics';
  const [t, s] = pairOfArrays(fn, 'yTrue', yTrue, 'yPred', yPred);
  assertBinaryLabels(fn, 'yTrue', t);
  const input = options.input ?? 'labels';
  let p: number[];
  if (input === 'labels') {
    assertBinaryLabels(fn, 'yPred', s);
    p = s;
  } else if (input === 'logits' || input === 'probabilities') {
    const thr = options.threshold ?? (input === 'logits' ? 0 : 0.5);
    if (typeof thr !== 'number' || !Number.isFinite(thr)) {
      throw new MetricsError(`${fn}: \`threshold\` must be a finite number, got ${String(thr)}.`);
    }
    p = s.map((v) => (v > thr ? 1 : 0));
  } else {
    throw new MetricsError(
      `${fn}: \`input\` must be 'labels', 'logits' or 'probabilities', got ${JSON.stringify(input)}.`,
    );
  }
  return {
    accuracy: agreement(t, p),
    f1: countsF1(t, p, 1),
    weightedF1: weighted(perClass(fn, t, p)),
    rocAuc: rocAucUnchecked(s, t),
    n: t.length,
  };
}

/** Options of {@link multiclassMetrics}. */
export interface MulticlassOptions {
  /**
   * Number of classes C; labels must then be integers in [0, C) and macro F1 averages over
   * all C classes (a class absent from both arrays scores 0, as sklearn with
   * `labels=range(C)`). Default: the classes seen in `yTrue` or `yPred` (sklearn's default).
   */
  numClasses?: number;
}

/** Result of {@link multiclassMetrics}. */
export interface MulticlassMetrics {
  /** Fraction of correct predictions. */
  accuracy: number;
  /** Unweighted mean of per-class F1 over the scored classes. */
  macroF1: number;
  /** Support-weighted mean of per-class F1. */
  weightedF1: number;
  /** F1 and support of each scored class, ascending by label. */
  perClass: ClassF1[];
  /** Number of samples. */
  n: number;
}

/**
 * C-class metrics: accuracy and macro F1 (plus weighted F1 and the per-class table).
 *
 * @param yTrue true class indices (non-negative integers)
 * @param yPred predicted class indices (argmax of the logits), same length
 * @example
 * ```ts
 * import { multiclassMetrics } from '@umq/metrics';
 * multiclassMetrics([0, 1, 2, 2], [0, 2, 2, 2]).macroF1;                    // 0.6
 * multiclassMetrics([0, 1, 2, 2], [0, 2, 2, 2], { numClasses: 4 }).macroF1; // 0.45
 * ```
 */
export function multiclassMetrics(
  yTrue: NumberArray,
  yPred: NumberArray,
  options: MulticlassOptions = {},
): MulticlassMetrics {
  const fn = 'multiclassMetrics';
  const [t, p] = pairOfArrays(fn, 'yTrue', yTrue, 'yPred', yPred);
  const C = options.numClasses;
  if (C !== undefined && (!Number.isInteger(C) || C < 1)) {
    throw new MetricsError(`${fn}: \`numClasses\` must be a positive integer, got ${String(C)}.`);
  }
  for (const [name, a] of [['yTrue', t], ['yPred', p]] as const) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isInteger(a[i]) || a[i] < 0 || (C !== undefined && a[i] >= C)) {
        throw new MetricsError(
          `${fn}: \`${name}[${i}]\` is ${a[i]}; class labels must be integers in ` +
            `[0, ${C ?? '∞'})` + (C !== undefined ? ' (raise `numClasses` or fix the labels).' : '.'),
        );
      }
    }
  }
  const labels = C === undefined ? undefined : Array.from({ length: C }, (_, i) => i);
  const per = perClass(fn, t, p, labels);
  let macro = 0;
  for (const c of per) macro += c.f1;
  return {
    accuracy: agreement(t, p),
    macroF1: macro / per.length,
    weightedF1: weighted(per),
    perClass: per,
    n: t.length,
  };
}
