/**
 * The UMQ model assembled from its parts, baselines, trainer, evaluation protocols and the `umq` CLI.
 *
 * @packageDocumentation
 */
export {};
