/**
 * Engine selection. `initEngine()` picks the fastest engine installed, in this order:
 * `@tensorflow/tfjs-node-gpu` (CUDA), `@tensorflow/tfjs-node` (libtensorflow on CPU), then
 * `@tensorflow/tfjs` on the WebAssembly backend (the default; its .wasm files ship inside its
 * npm package). The plain JavaScript `cpu` backend is about 20x slower for training and is
 * used only when asked for by name, with a warning.
 */
import { createRequire } from 'node:module';
import { tf } from './tf';
import { installSharedIdentity } from './kernels/wasm-identity';
import { EngineError, OptionError } from './errors';

/** Engines {@link initEngine} can select. */
export type EngineName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initEngine} chose. */
export interface EngineInfo {
  /** The engine selected. */
  name: EngineName;
  /** The tfjs backend name behind it (`'tensorflow'`, `'wasm'`, `'cpu'`). */
  backend: string;
  /** The tfjs version. */
  version: string;
  /** Whether the wasm backend runs with SIMD (always false for other engines). */
  simd: boolean;
  /** Threads the backend computes with (wasm in Node: 1). */
  threads: number;
}

/** Options of {@link initEngine}. */
export interface EngineOptions {
  /**
   * The engine to use. Default `'auto'`: the environment variable `UMQ_ENGINE` when set,
   * else the first available of `tensorflow-gpu`, `tensorflow`, `wasm`. An engine asked for by
   * name that cannot load throws {@link EngineError}; it never falls back silently.
   */
  engine?: EngineName | 'auto';
  /** Where warnings go. Default `console.warn`. */
  warn?: (message: string) => void;
}

const ENGINES: readonly EngineName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
const NODE_PACKAGES: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

let current: EngineInfo | null = null;

/** Loads an optional peer (a CommonJS package that registers a tfjs backend); false when absent. */
async function tryImport(name: string): Promise<boolean> {
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

async function activate(name: EngineName): Promise<void> {
  const backend = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  const ok = await tf.setBackend(backend);
  if (!ok) throw new EngineError(`the tfjs backend '${backend}' failed to initialise: set UMQ_ENGINE to another engine (${ENGINES.join(', ')})`);
  await tf.ready();
  if (backend === 'wasm') installSharedIdentity();
}

async function describe(name: EngineName): Promise<EngineInfo> {
  const backend = tf.getBackend();
  let simd = false;
  let threads = 1;
  if (backend === 'wasm') {
    simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const mt = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    threads = mt ? Math.max(1, (await import('node:os')).cpus().length) : 1;
  } else if (backend === 'tensorflow') {
    threads = (await import('node:os')).cpus().length;
  }
  return { name, backend, version: tf.version.tfjs ?? tf.version_core, simd, threads };
}

/**
 * Selects and initialises the tensor engine; call once before building models.
 *
 * @example
 * ```ts
 * import { initEngine } from '@umq/core';
 * const engine = await initEngine(); // { name: 'wasm', simd: true, threads: 1, ... }
 * ```
 */
export async function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const fromEnv = typeof process !== 'undefined' ? process.env.UMQ_ENGINE : undefined;
  const requested = options.engine && options.engine !== 'auto' ? options.engine : fromEnv && fromEnv !== 'auto' ? fromEnv : 'auto';
  if (requested !== 'auto' && !ENGINES.includes(requested as EngineName)) {
    throw new OptionError(`unknown engine ${JSON.stringify(requested)}${fromEnv === requested ? ' (from UMQ_ENGINE)' : ''}: use one of ${ENGINES.join(', ')} or 'auto'`);
  }
  let chosen: EngineName | null = null;
  if (requested === 'auto') {
    for (const name of ['tensorflow-gpu', 'tensorflow'] as const) {
      if (await tryImport(NODE_PACKAGES[name])) {
        chosen = name;
        break;
      }
    }
    chosen ??= 'wasm';
  } else {
    chosen = requested as EngineName;
    if (chosen === 'tensorflow-gpu' || chosen === 'tensorflow') {
      if (!(await tryImport(NODE_PACKAGES[chosen]))) {
        throw new EngineError(`engine '${chosen}' needs ${NODE_PACKAGES[chosen]}, which is not installed: npm install ${NODE_PACKAGES[chosen]}, or use the default wasm engine`);
      }
    }
    if (chosen === 'cpu') {
      warn('[umq] using the plain JavaScript cpu backend, about 20x slower than wasm for training; unset UMQ_ENGINE to use wasm');
    }
  }
  await activate(chosen);
  current = await describe(chosen);
  return current;
}

/**
 * The engine {@link initEngine} selected, or `null` before it ran.
 *
 * @example
 * ```ts
 * await initEngine();
 * console.log(currentEngine()); // { name: 'wasm', backend: 'wasm', version: '4.22.0', simd: true, threads: 1, ... }
 * ```
 */
export function currentEngine(): EngineInfo | null {
  return current;
}

/**
 * Throws {@link EngineError} unless {@link initEngine} has run (so tfjs never falls back to its
 * slow cpu backend unasked). Cheap; called where models are built and trained.
 *
 * @example
 * ```ts
 * await initEngine();
 * requireEngine(); // ok
 * ```
 */
export function requireEngine(): EngineInfo {
  if (!current || tf.getBackend() !== current.backend) {
    throw new EngineError('no engine selected: call `await initEngine()` from @umq/core before building or training a model');
  }
  return current;
}
