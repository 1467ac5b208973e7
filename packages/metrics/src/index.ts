/**
 * Multimodal sentiment and classification metrics: Acc7/5/3/2, F1, MAE, Corr, AUILC, mean ± std over seeds.
 *
 * @packageDocumentation
 */
export {};
