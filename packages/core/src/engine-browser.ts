/**
 * `initEngine` of the default (browser) build of `@umq/core`: WebGPU, WebGL, then WebAssembly.
 * Node resolves `@umq/core` to its `node` build instead (`node/engine.ts`: tfjs-node, then
 * WebAssembly).
 */
import { tf } from './tf';
import { selectEngine, type EngineHost, type EngineInfo, type EngineName, type EngineOptions } from './engine';

/** The parts of `navigator` read here (the project compiles without the DOM lib). */
interface NavigatorLike {
  gpu?: unknown;
}

const browserHost: EngineHost = {
  platform: 'browser',
  auto: ['webgpu', 'webgl', 'wasm'],
  fromEnv: () => undefined,
  async unavailable(name: EngineName): Promise<string | null> {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') {
      return `it needs Node with @tensorflow/tfjs-node${name === 'tensorflow-gpu' ? '-gpu' : ''} (this is the browser build of @umq/core): use 'auto', 'webgl' or 'wasm'`;
    }
    if (name === 'webgpu') {
      if (!tf.findBackendFactory('webgpu')) return "the webgpu backend is not registered: `import '@tensorflow/tfjs-backend-webgpu'` (4.22) before initEngine to use WebGPU";
      const nav = (globalThis as { navigator?: NavigatorLike }).navigator;
      if (!nav?.gpu) return 'this browser has no WebGPU (navigator.gpu is missing; WebGPU needs a secure context and a supporting browser)';
    }
    if (name === 'webgl' && !tf.findBackendFactory('webgl')) {
      const g = globalThis as { document?: unknown; OffscreenCanvas?: unknown };
      return g.document || g.OffscreenCanvas ? 'the webgl backend is not registered' : 'no WebGL here (neither document nor OffscreenCanvas exists)';
    }
    return null;
  },
};

/**
 * Selects and starts the tensor engine; call once before building models. Returns what it
 * chose and, for `'auto'`, which engines it passed over and why.
 *
 * In a browser (and any runtime without the `node` export condition) `'auto'` tries WebGPU
 * (when `@tensorflow/tfjs-backend-webgpu` is imported and the browser has `navigator.gpu`),
 * WebGL, then WebAssembly, whose `.wasm` files are fetched from `options.wasmPaths` (the route
 * tfjs documents for bundled apps: copy `@tensorflow/tfjs-backend-wasm/dist/*.wasm` to your
 * static files). In Node, `@umq/core` resolves to its Node build, whose `initEngine` tries
 * `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, then WebAssembly and reads
 * `UMQ_ENGINE`. Neither falls back to the slow `cpu` backend unless it is asked for by name.
 *
 * @param options the engine to use (default `'auto'`), where warnings go, where the wasm files are.
 * @example
 * ```ts
 * import { initEngine } from '@umq/core';
 * const engine = await initEngine({ wasmPaths: '/wasm/' });
 * console.log(`engine ${engine.name}`, engine.skipped); // e.g. engine webgl, [{ engine: 'webgpu', reason: '...' }]
 * ```
 */
export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  return selectEngine(options, browserHost);
}
