/**
 * Seeded noise and missing-modality corruption protocols (UMQ, CIDer) that return their masks.
 *
 * @packageDocumentation
 */
export {};
