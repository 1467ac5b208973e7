/**
 * `@umq/core/node`: the Node-only part of `@umq/core`, file IO. Crash-safe writes
 * ({@link writeFileAtomic}), safetensors files, and model and optimizer checkpoint folders.
 * Everything else, including the byte-level state functions a browser uses on fetched files
 * (`encodeModuleState`, `loadModuleStateFromBytes`, `parseModuleConfig`, ...), is in
 * `@umq/core`, whose main entry runs in a browser.
 *
 * In Node, `@umq/core` itself also exports these (its `node` export condition), so code written
 * for 0.1.0 keeps working; import them from `@umq/core/node` where TypeScript resolves with
 * `moduleResolution: "bundler"` or the code may also be bundled for a browser.
 *
 * @packageDocumentation
 */
export { writeFileAtomic } from './node/atomic-write';
export { saveSafetensors, loadSafetensors } from './node/safetensors-file';
export { saveModuleState, loadModuleState, readModuleConfig } from './node/module-state';
export { saveOptimizerState, loadOptimizerState } from './node/optimizer-state';
