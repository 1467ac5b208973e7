/**
 * `@umq/core` as Node resolves it (the `node` export condition): the browser-safe main entry,
 * with `initEngine` that tries tfjs-node(-gpu) before WebAssembly, plus the file IO of
 * `@umq/core/node`.
 *
 * @packageDocumentation
 */
export * from './index';
export * from './node';
export { initEngine } from './node/engine';
