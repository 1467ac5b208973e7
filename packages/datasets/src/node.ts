/**
 * `@umq/datasets/node`: the loaders that read files (Node). {@link loadDataset} reads any
 * `DatasetSpec` source, {@link loadMosiUtterance} the CMU-MOSI utterance CSV folder,
 * {@link readCsd} a CMU-MultimodalSDK computational sequence (HDF5, through h5wasm's Node
 * build) and {@link loadAvDigits} the audio-visual digit task (WAV folders, image pools, an
 * on-disk feature cache). Everything else, including the parsers and builders they hand the bytes to, is in
 * `@umq/datasets`, whose main entry runs in a browser.
 *
 * In Node, `@umq/datasets` itself also exports these (its `node` export condition), so code
 * written for 0.1.0 keeps working; import them from `@umq/datasets/node` where TypeScript
 * resolves with `moduleResolution: "bundler"` or the code may also be bundled for a browser.
 *
 * @packageDocumentation
 */
export { loadDataset } from './node/load';
export { loadMosiUtterance } from './node/mosi';
export { readCsd } from './node/csd';
export { loadAvDigits, AV_DIGITS_DEFAULTS } from './loaders/av-digits';
export type { AvDigitsOptions, AvImageLayout } from './loaders/av-digits';
