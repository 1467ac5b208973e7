/**
 * `initEngine` of the Node build of `@umq/core` (the `node` export condition):
 * `@tensorflow/tfjs-node-gpu` (CUDA), `@tensorflow/tfjs-node` (libtensorflow on CPU), then tfjs
 * on WebAssembly; `UMQ_ENGINE` names one.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { selectEngine, type EngineHost, type EngineInfo, type EngineName, type EngineOptions } from '../engine';
import { EngineError } from '../errors';

const NODE_PACKAGES: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/** Loads an optional peer (a CommonJS package that registers a tfjs backend); false when absent. */
function tryRequire(name: string): boolean {
  const req = createRequire(import.meta.url);
  try {
    req.resolve(name);
  } catch {
    return false;
  }
  try {
    req(name);
    return true;
  } catch (e) {
    throw new EngineError(`${name} is installed but failed to load (${(e as Error).message}): reinstall it, or set UMQ_ENGINE=wasm`, { cause: e });
  }
}

const nodeHost: EngineHost = {
  platform: 'node',
  auto: ['tensorflow-gpu', 'tensorflow', 'wasm'],
  fromEnv: () => process.env.UMQ_ENGINE,
  async unavailable(name: EngineName): Promise<string | null> {
    if (name === 'tensorflow-gpu' || name === 'tensorflow') {
      const pkg = NODE_PACKAGES[name];
      return tryRequire(pkg) ? null : `it needs ${pkg}, which is not installed: npm install ${pkg}, or use the default wasm engine`;
    }
    if (name === 'webgpu' || name === 'webgl') return `'${name}' runs only in a browser: use 'auto', 'tensorflow' or 'wasm' in Node`;
    return null;
  },
  threads: (backend) => (backend === 'tensorflow' ? cpus().length : undefined),
};

/**
 * Selects and starts the tensor engine in Node: the first that loads of
 * `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node` and tfjs on WebAssembly, or the one
 * named by `options.engine` or `UMQ_ENGINE`. This is what `import { initEngine } from
 * '@umq/core'` gives in Node; the browser build's documentation covers both.
 *
 * @param options the engine to use (default `'auto'`), where warnings go, where the wasm files are.
 * @example
 * ```ts
 * import { initEngine } from '@umq/core';
 * const engine = await initEngine(); // in Node: { name: 'wasm', platform: 'node', simd: true, threads: 1, ... }
 * ```
 */
export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  return selectEngine(options, nodeHost);
}
