/**
 * Loaders for multimodal feature datasets (MOSI CSV, MAT, MMSA pickles, CSD, npz), batching and a synthetic generator.
 *
 * @packageDocumentation
 */
export {};
