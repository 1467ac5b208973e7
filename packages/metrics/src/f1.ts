/**
 * Label-level classification scores with scikit-learn 1.2 semantics: accuracy, per-class F1,
 * weighted F1, macro F1 and binary F1. `zero_division = 0`: a class with no true and no
 * predicted sample has F1 = 0 (only reachable when it is listed in `labels`).
 */
import { MetricsError } from './errors';
import { pairOfArrays, type NumberArray } from './validate';

/** Options of {@link weightedF1} and {@link macroF1}. */
export interface F1Options {
  /**
   * The classes to score, as `sklearn.metrics.f1_score(labels=...)`. Default: the sorted union
   * of the values in `yTrue` and `yPred` (sklearn's default). Listing a class absent from both
   * adds an F1 of 0 to a macro average. Every label seen in `yTrue` must be listed.
   */
  labels?: readonly number[];
}

/** F1 of one class with its support (number of true samples of that class). */
export interface ClassF1 {
  /** The class label. */
  label: number;
  /** `2 tp / (2 tp + fp + fn)`, 0 when that denominator is 0 (sklearn zero_division=0). */
  f1: number;
  /** Number of samples whose true label is this class. */
  support: number;
}

/**
 * Fraction of samples with `yPred[i] === yTrue[i]` (sklearn `accuracy_score`).
 *
 * @param yTrue true labels (any finite numbers)
 * @param yPred predicted labels, same length
 * @example
 * ```ts
 * import { accuracy } from '@umq/metrics';
 * accuracy([0, 1, 2, 2], [0, 2, 2, 2]); // 0.75
 * ```
 */
export function accuracy(yTrue: NumberArray, yPred: NumberArray): number {
  const [t, p] = pairOfArrays('accuracy', 'yTrue', yTrue, 'yPred', yPred);
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
  return hit / t.length;
}

/**
 * Per-class F1 and support, in the order of `labels` (default: sorted union of the observed
 * labels).
 *
 * @example
 * ```ts
 * import { f1PerClass } from '@umq/metrics';
 * f1PerClass([0, 0, 1], [0, 1, 1]); // [{label:0,f1:0.667,support:2},{label:1,f1:0.667,support:1}]
 * ```
 */
export function f1PerClass(yTrue: NumberArray, yPred: NumberArray, options: F1Options = {}): ClassF1[] {
  const [t, p] = pairOfArrays('f1PerClass', 'yTrue', yTrue, 'yPred', yPred);
  return perClass('f1PerClass', t, p, options.labels);
}

/**
 * Support-weighted mean of per-class F1, true labels first:
 * `sklearn.metrics.f1_score(y_true, y_pred, average='weighted')`. MMSA's binary sentiment F1.
 *
 * @example
 * ```ts
 * import { weightedF1 } from '@umq/metrics';
 * weightedF1([1, 1, 1, 0], [1, 0, 1, 0]); // 0.7667
 * ```
 */
export function weightedF1(yTrue: NumberArray, yPred: NumberArray, options: F1Options = {}): number {
  const [t, p] = pairOfArrays('weightedF1', 'yTrue', yTrue, 'yPred', yPred);
  return weighted(perClass('weightedF1', t, p, options.labels));
}

/**
 * Unweighted mean of per-class F1: `f1_score(y_true, y_pred, average='macro', labels=...)`.
 * Classes listed in `options.labels` but absent from both arrays count with F1 = 0.
 *
 * @example
 * ```ts
 * import { macroF1 } from '@umq/metrics';
 * macroF1([0, 0, 1], [0, 0, 1]);                     // 1
 * macroF1([0, 0, 1], [0, 0, 1], { labels: [0, 1, 2] }); // 0.667 (class 2 absent: F1 0)
 * ```
 */
export function macroF1(yTrue: NumberArray, yPred: NumberArray, options: F1Options = {}): number {
  const [t, p] = pairOfArrays('macroF1', 'yTrue', yTrue, 'yPred', yPred);
  const per = perClass('macroF1', t, p, options.labels);
  let s = 0;
  for (const c of per) s += c.f1;
  return s / per.length;
}

/**
 * F1 of the positive class (`f1_score(average='binary', pos_label, zero_division=0)`):
 * 0 when there is no positive sample in either array.
 *
 * @param posLabel the positive class, default 1
 * @example
 * ```ts
 * import { binaryF1 } from '@umq/metrics';
 * binaryF1([1, 1, 0, 0], [1, 0, 1, 0]); // 0.5
 * ```
 */
export function binaryF1(yTrue: NumberArray, yPred: NumberArray, posLabel = 1): number {
  const [t, p] = pairOfArrays('binaryF1', 'yTrue', yTrue, 'yPred', yPred);
  return countsF1(t, p, posLabel);
}

// ------------------------------------------------------------------------------ internals

/** `2 tp / (2 tp + fp + fn)` for class `c`, 0 if the denominator is 0. */
export function countsF1(t: readonly number[], p: readonly number[], c: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < t.length; i++) {
    const isT = t[i] === c;
    const isP = p[i] === c;
    if (isT && isP) tp++;
    else if (isP) fp++;
    else if (isT) fn++;
  }
  const d = 2 * tp + fp + fn;
  return d === 0 ? 0 : (2 * tp) / d;
}

/** Per-class F1 on validated arrays. */
export function perClass(
  fn: string,
  t: readonly number[],
  p: readonly number[],
  labels?: readonly number[],
): ClassF1[] {
  let classes: number[];
  if (labels === undefined) {
    classes = [...new Set([...t, ...p])].sort((a, b) => a - b);
  } else {
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new MetricsError(`${fn}: \`labels\` must be a non-empty array of class labels, got ${String(labels)}.`);
    }
    classes = [...labels];
    const known = new Set(classes);
    if (known.size !== classes.length) {
      throw new MetricsError(`${fn}: \`labels\` has duplicates (${classes.join(', ')}); list each class once.`);
    }
    const bad = t.findIndex((v) => !known.has(v));
    if (bad >= 0) {
      throw new MetricsError(
        `${fn}: \`yTrue[${bad}]\` is ${t[bad]}, which is not in \`labels\` [${classes.join(', ')}]; ` +
          'add it to `labels` (or `numClasses`) or fix the labels.',
      );
    }
  }
  return classes.map((c) => {
    let support = 0;
    for (const v of t) if (v === c) support++;
    return { label: c, f1: countsF1(t, p, c), support };
  });
}

/** Support-weighted average of per-class F1 (0 when the total support is 0, as sklearn). */
export function weighted(per: readonly ClassF1[]): number {
  let num = 0;
  let den = 0;
  for (const c of per) {
    num += c.f1 * c.support;
    den += c.support;
  }
  return den === 0 ? 0 : num / den;
}
