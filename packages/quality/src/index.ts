/**
 * Modality quality estimator and its rank-guided losses (UMQ Eq 1, 16-21).
 *
 * @packageDocumentation
 */
export {};
