/**
 * Engine selection, shared by both builds of `@umq/core`. `initEngine()` picks the fastest
 * engine that loads, in an order that depends on where it runs:
 * - in Node (the `node` export condition): `@tensorflow/tfjs-node-gpu` (CUDA),
 *   `@tensorflow/tfjs-node` (libtensorflow on CPU), then tfjs on WebAssembly (the default; its
 *   .wasm files ship inside its npm package) — see `node/engine.ts`;
 * - in a browser (every other runtime): WebGPU (when `@tensorflow/tfjs-backend-webgpu` is
 *   imported and the browser has `navigator.gpu`), WebGL, then WebAssembly (its .wasm files
 *   fetched from `wasmPaths`) — see `engine-browser.ts`.
 * The plain JavaScript `cpu` backend is about 20x slower for training and is used only when
 * asked for by name, with a warning: selection never falls back to it.
 */
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import { installSharedIdentity } from './kernels/wasm-identity';
import { installInPlaceSlices } from './kernels/wasm-slice';
import { installBlockSums } from './kernels/wasm-sum';
import { installLightSave } from './kernels/light-save';
import { installLeanGradients } from './kernels/lean-gradients';
import { EngineError, OptionError } from './errors';

/** Engines {@link initEngine} can select (`tensorflow*` only in Node, `webgpu` and `webgl` only in a browser). */
export type EngineName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Which build of `@umq/core` runs: `'node'` (the `node` export condition) or `'browser'` (the default build). */
export type EnginePlatform = 'node' | 'browser';

/** An engine that `'auto'` selection passed over, and why. */
export interface SkippedEngine {
  /** The engine passed over. */
  engine: EngineName;
  /** Why: not installed or not registered, not supported here, or failed to initialise. */
  reason: string;
}

/** What {@link initEngine} chose. */
export interface EngineInfo {
  /** The engine selected. */
  name: EngineName;
  /** The tfjs backend name behind it (`'tensorflow'`, `'webgpu'`, `'webgl'`, `'wasm'`, `'cpu'`). */
  backend: string;
  /** The tfjs version. */
  version: string;
  /** Whether the wasm backend runs with SIMD (always false for other engines). */
  simd: boolean;
  /** Threads the backend computes with (wasm: XNNPACK's thread pool, 1 in Node; GPU engines: 1, the thread driving the GPU). */
  threads: number;
  /** The build of `@umq/core` that selected it. */
  platform: EnginePlatform;
  /** Engines tried before this one by `'auto'` selection and why each was passed over (empty when an engine was named). */
  skipped: SkippedEngine[];
}

/** Where the wasm backend fetches its binaries: a folder URL (ending in `/`) or one URL per file. */
export type WasmPaths =
  | string
  | {
      /** The plain binary. */
      'tfjs-backend-wasm.wasm': string;
      /** The SIMD binary (used where the runtime supports SIMD). */
      'tfjs-backend-wasm-simd.wasm': string;
      /** The threaded SIMD binary (used on cross-origin-isolated pages). */
      'tfjs-backend-wasm-threaded-simd.wasm': string;
    };

/** Options of {@link initEngine}. */
export interface EngineOptions {
  /**
   * The engine to use. Default `'auto'`: in Node the environment variable `UMQ_ENGINE` when
   * set, else the first that loads of `tensorflow-gpu`, `tensorflow`, `wasm`; in a browser the
   * first that initialises of `webgpu`, `webgl`, `wasm`. An engine asked for by name that
   * cannot load throws {@link EngineError}; selection never falls back to `cpu`.
   */
  engine?: EngineName | 'auto';
  /** Where warnings go (a cpu engine asked for by name, an engine that failed to initialise). Default `console.warn`. */
  warn?: (message: string) => void;
  /**
   * Where the wasm backend fetches its `.wasm` files, passed to tfjs' `setWasmPaths` before the
   * backend starts: a folder URL ending in `/` (e.g. `'/wasm/'`, holding the three files of
   * `@tensorflow/tfjs-backend-wasm/dist/*.wasm`) or one URL per file. Default: none, so tfjs
   * looks beside the running script (in Node: inside the installed package, which always
   * works). A bundled web app needs it: bundlers do not copy the `.wasm` files.
   */
  wasmPaths?: WasmPaths;
}

/** Where the engines of one build come from (internal: one per build, see `engine-browser.ts` and `node/engine.ts`). */
export interface EngineHost {
  /** The build. */
  platform: EnginePlatform;
  /** The order `'auto'` tries. */
  auto: readonly EngineName[];
  /** The engine named by the environment (`UMQ_ENGINE` in Node), if any. */
  fromEnv(): string | undefined;
  /** Null when `name` can be started here (loading its package if needed), else why not, with the fix. */
  unavailable(name: EngineName): Promise<string | null>;
  /** Threads of a backend this host knows best (tfjs-node's CPU count); undefined for the shared rule. */
  threads?(backend: string): number | undefined;
}

const ENGINES: readonly EngineName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'];
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

let current: EngineInfo | null = null;

function applyWasmPaths(paths: WasmPaths): void {
  const ok =
    (typeof paths === 'string' && paths.length > 0) ||
    (typeof paths === 'object' && paths !== null && WASM_FILES.every((f) => typeof (paths as Record<string, unknown>)[f] === 'string'));
  if (!ok) throw new OptionError(`initEngine: \`wasmPaths\` must be a folder URL ending in '/' or an object naming a URL for each of ${WASM_FILES.join(', ')}`);
  try {
    setWasmPaths(paths);
  } catch (e) {
    throw new EngineError(`initEngine: cannot set wasmPaths (${(e as Error).message}): pass \`wasmPaths\` to the first initEngine call, before the wasm backend starts`, { cause: e });
  }
}

/** Starts a backend; null when it runs, else why it did not. */
async function activate(name: EngineName): Promise<string | null> {
  const backend = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  let ok: boolean;
  try {
    ok = await tf.setBackend(backend);
    if (ok) await tf.ready();
  } catch (e) {
    return `the tfjs backend '${backend}' failed to initialise (${(e as Error).message})`;
  }
  if (!ok) {
    const hint = backend === 'wasm' ? ": the .wasm files could not be fetched or compiled: serve the files of @tensorflow/tfjs-backend-wasm/dist/*.wasm and pass their folder as `wasmPaths`" : '';
    return `the tfjs backend '${backend}' failed to initialise${hint}`;
  }
  if (backend === 'wasm') {
    installSharedIdentity();
    installInPlaceSlices();
    installBlockSums();
  }
  installLightSave();
  installLeanGradients();
  return null;
}

async function describe(name: EngineName, host: EngineHost, skipped: SkippedEngine[]): Promise<EngineInfo> {
  const backend = tf.getBackend();
  let simd = false;
  let threads = host.threads?.(backend) ?? 1;
  if (backend === 'wasm') {
    simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const mt = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    threads = mt ? Math.max(1, getThreadsCount()) : 1;
  }
  return { name, backend, version: tf.version.tfjs ?? tf.version_core, simd, threads, platform: host.platform, skipped };
}

/**
 * Selects and starts an engine with `host`'s candidates (the body of both builds' `initEngine`).
 *
 * @internal
 */
export async function selectEngine(options: EngineOptions, host: EngineHost): Promise<EngineInfo> {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const fromEnv = host.fromEnv();
  const requested = options.engine && options.engine !== 'auto' ? options.engine : fromEnv && fromEnv !== 'auto' ? fromEnv : 'auto';
  if (requested !== 'auto' && !ENGINES.includes(requested as EngineName)) {
    throw new OptionError(`unknown engine ${JSON.stringify(requested)}${fromEnv === requested ? ' (from UMQ_ENGINE)' : ''}: use one of ${ENGINES.join(', ')} or 'auto'`);
  }
  if (options.wasmPaths !== undefined) applyWasmPaths(options.wasmPaths);
  const skipped: SkippedEngine[] = [];
  if (requested !== 'auto') {
    const name = requested as EngineName;
    const why = (await host.unavailable(name)) ?? (await activate(name));
    if (why) throw new EngineError(`engine '${name}' cannot run here: ${why}`);
    if (name === 'cpu') warn(`[umq] using the plain JavaScript cpu backend, about 20x slower than wasm for training; ${host.platform === 'node' ? 'unset UMQ_ENGINE' : "use engine: 'auto'"} to use a faster engine`);
    current = await describe(name, host, skipped);
    return current;
  }
  for (const name of host.auto) {
    const missing = await host.unavailable(name);
    if (missing) {
      skipped.push({ engine: name, reason: missing });
      continue;
    }
    const failed = await activate(name);
    if (failed) {
      skipped.push({ engine: name, reason: failed });
      warn(`[umq] engine '${name}' is available but ${failed}; trying the next engine`);
      continue;
    }
    current = await describe(name, host, skipped);
    return current;
  }
  throw new EngineError(`no engine could start (${skipped.map((s) => `${s.engine}: ${s.reason}`).join('; ')}); the cpu backend is never chosen silently: pass { engine: 'cpu' } to accept it`);
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
