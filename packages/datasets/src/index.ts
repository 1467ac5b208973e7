/**
 * `@umq/datasets`: the multimodal data model ({@link MultimodalDataset}, typed arrays, splits,
 * groups), safe parsers of the formats feature data sets ship in (CMU-MOSI utterance CSV,
 * multi-view MAT, MMSA pickles, npz, WAV) and builders of data sets from their bytes, audio
 * features (resampling, log-mel, MFCC) and image degradations (PCA energy), train-split
 * preprocessing, seeded batching into tfjs tensors, and a seeded synthetic generator. This
 * entry runs in a browser (parse fetched bytes); the loaders that read files
 * (`loadDataset`, `loadMosiUtterance`, `readCsd`, `loadAvDigits`) are in `@umq/datasets/node` (and, in Node,
 * exported here too through the `node` export condition).
 *
 * @packageDocumentation
 */
export { MultimodalDataset, gatherRows, splitCode } from './dataset';
export type { DatasetInit } from './dataset';
export { SPLIT, SPLIT_NAMES } from './types';
export type { ModalityKind, ModalitySpec, TaskSpec, SplitName, SplitSummary, DatasetSummary } from './types';
export { parseNumericCsv, parseCsv } from './csv';
export type { NumericTable } from './csv';
export { fitScaler, applyScaler, scaleFeatures, scalerToJSON, scalerFromJSON, imputeNonFinite } from './preprocess';
export type { ScalerMethod, ScalerOptions, ScalerParams, ModalityScaler, ScalerJSON } from './preprocess';
export { stratifiedSplit, carveValidationByGroup } from './split';
export type { SplitFractions, GroupValidationOptions } from './split';
export { batches, batchIndices, isSequenceArray, makeBatch, batchCount, splitBatch, splitArrays } from './batching';
export type { Batch, BatchArrays, BatchOptions } from './batching';
export { makeSynthetic, DEFAULT_SYNTHETIC_MODALITIES } from './synthetic';
export type { SyntheticModality, SyntheticOptions } from './synthetic';
export { datasetFromMosiUtterance, MOSI_UTTERANCE_FILES } from './loaders/mosi';
export type { MosiUtteranceOptions, MosiUtteranceTextOptions, NonFinitePolicy } from './loaders/mosi';
export { multiviewFromMat } from './loaders/multiview';
export type { MatVariable, MatOrientation, MultiviewOptions } from './loaders/multiview';
export { datasetFromMmsa } from './loaders/mmsa';
export type { MmsaLabels, MmsaOptions } from './loaders/mmsa';
export { datasetFromCsd } from './loaders/csd';
export type { CsdOptions, CsdFolds } from './loaders/csd';
export { datasetFromNpz } from './loaders/npz';
export type { NpzOptions } from './loaders/npz';
export { parseRecordingName, assignAvSplit, pairByClass } from './loaders/av-pairing';
export type { AvRecording, AvSplitMode, AvSplitOptions } from './loaders/av-pairing';
export type { AvImageSet, AvImageSource } from './loaders/av-images';
export { decodeWav } from './audio/wav';
export type { WavAudio, WavEncoding } from './audio/wav';
export { resample } from './audio/resample';
export type { ResampleOptions } from './audio/resample';
export { RealFft } from './audio/fft';
export { PowerSpectrogram, frameCount } from './audio/spectrogram';
export type { StftOptions } from './audio/spectrogram';
export { melFilterbank, dctOrtho, hzToMel, melToHz } from './audio/mel';
export type { MelNorm } from './audio/mel';
export { AudioFeaturizer, resolveAudioFeatureOptions } from './audio/features';
export type { AudioFeatureType, AudioFeatureOptions, ResolvedAudioFeatureOptions } from './audio/features';
export { addNoiseAtSnr } from './audio/noise';
export { fitPcaEnergy, applyPcaEnergy } from './image/pca-energy';
export type { PcaEnergyFit } from './image/pca-energy';
export { toPatches } from './image/patches';
export { symmetricEigen } from './linalg/symmetric-eigen';
export { DATASET_KINDS } from './spec';
export type { DatasetSpec } from './spec';
export { readMat, matToRowMajor } from './formats/mat';
export type { MatValue } from './formats/mat';
export { parseNpy, parseNpz } from './formats/npy';
export type { NdArray, NumericNdArray } from './formats/ndarray';
export type { Csd, CsdEntry } from './formats/csd';
export { unpickle } from './formats/pickle';
export type { PyValue } from './formats/pickle';
