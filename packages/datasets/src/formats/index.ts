/**
 * Safe parsers of the binary formats multimodal feature datasets ship in: numpy `.npy`/`.npz`,
 * Python pickles (numpy arrays and plain containers only), MATLAB Level 5 MAT-files and
 * CMU-MultimodalSDK computational sequences (`.csd`, HDF5). Every parser treats its input as
 * untrusted: bounds-checked, size-capped, and failing with `DataFormatError` naming the file.
 *
 * @packageDocumentation
 */
export { parseNpy, parseNpz, MAX_NPY_HEADER } from './npy';
export { isNdArray, isNumericNdArray, parseDType, ndarrayFromBytes } from './ndarray';
export type { NdArray, NumericNdArray, ObjectNdArray, NumericDType, TypedArray, NdScalar, DTypeInfo } from './ndarray';
export { unpickle } from './pickle';
export type { PyValue, PyDict, PyKey, PyTuple, PySet } from './pickle';
export { readMat, matToRowMajor } from './mat';
export type { MatValue, MatNumericClass, MatData, ReadMatOptions } from './mat';
export type { Csd, CsdEntry } from './csd';
export { readZip, inflateCapped, crc32 } from './zip';
export type { ZipOptions } from './zip';
