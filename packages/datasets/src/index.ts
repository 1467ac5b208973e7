/**
 * `@umq/datasets`: the multimodal data model ({@link MultimodalDataset}, typed arrays, splits,
 * groups), loaders behind one entry point ({@link loadDataset}: synthetic, CMU-MOSI utterance
 * CSV, multi-view MAT, MMSA pickles, CMU-SDK csd, npz, and the audio-visual digit task from raw
 * WAV recordings and images), safe parsers of those formats, audio features (WAV decoding,
 * resampling, log-mel, MFCC), train-split preprocessing, seeded batching into tfjs tensors, and a
 * seeded synthetic generator.
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
export { loadMosiUtterance } from './loaders/mosi';
export type { MosiUtteranceOptions, NonFinitePolicy } from './loaders/mosi';
export { multiviewFromMat } from './loaders/multiview';
export type { MatVariable, MatOrientation, MultiviewOptions } from './loaders/multiview';
export { datasetFromMmsa } from './loaders/mmsa';
export type { MmsaLabels, MmsaOptions } from './loaders/mmsa';
export { datasetFromCsd } from './loaders/csd';
export type { CsdOptions, CsdFolds } from './loaders/csd';
export { datasetFromNpz } from './loaders/npz';
export type { NpzOptions } from './loaders/npz';
export { loadAvDigits, AV_DIGITS_DEFAULTS } from './loaders/av-digits';
export type { AvDigitsOptions, AvImageLayout } from './loaders/av-digits';
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
export { loadDataset, DATASET_KINDS } from './load';
export type { DatasetSpec } from './load';
export { readMat, matToRowMajor } from './formats/mat';
export type { MatValue } from './formats/mat';
export { parseNpy, parseNpz } from './formats/npy';
export type { NdArray, NumericNdArray } from './formats/ndarray';
export { readCsd } from './formats/csd';
export type { Csd, CsdEntry } from './formats/csd';
export { unpickle } from './formats/pickle';
export type { PyValue } from './formats/pickle';
