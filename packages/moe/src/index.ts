/**
 * Mixture of experts for tfjs: top-k routing, noisy gating, sparse dispatch, routing losses (UMQ Eq 10-14, Shazeer, Switch, z-loss).
 *
 * @packageDocumentation
 */
export {};
