/** Area under the ROC curve (diagnostic for issue 9: does quality q separate clean from corrupt?). */
import { averageRanks } from './correlation';
import { assertBinaryLabels, pairOfArrays, type NumberArray } from './validate';

/**
 * ROC AUC of `scores` for binary `labels` (1 = positive), equal to
 * `sklearn.metrics.roc_auc_score(labels, scores)`: the probability that a random positive
 * scores higher than a random negative, ties counting 1/2 (computed from average ranks,
 * the Mann-Whitney U statistic). Returns `null` when `labels` hold a single class (sklearn
 * raises there).
 *
 * @param scores higher means "more positive" (any finite numbers: logits, probabilities, q)
 * @param labels 0 or 1, same length
 * @example
 * ```ts
 * import { rocAuc } from '@umq/metrics';
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * rocAuc([0.5, 0.5], [0, 1]);                   // 0.5 (a tie counts one half)
 * ```
 */
export function rocAuc(scores: NumberArray, labels: NumberArray): number | null {
  const [s, y] = pairOfArrays('rocAuc', 'scores', scores, 'labels', labels);
  assertBinaryLabels('rocAuc', 'labels', y);
  return rocAucUnchecked(s, y);
}

/** ROC AUC on validated arrays (labels 0/1); null for a single class. */
export function rocAucUnchecked(s: readonly number[], y: readonly number[]): number | null {
  const ranks = averageRanks(s);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      nPos++;
      rankSum += ranks[i];
    }
  }
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
