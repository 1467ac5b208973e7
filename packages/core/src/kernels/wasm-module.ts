/**
 * Loading of @umq/core's own WebAssembly kernels (packages/core/native/*.c, built by
 * tools/native/build-wasm.sh into base64 modules) and the layout of their memory.
 *
 * Each module is compiled synchronously on first use, once per thread, and owns its memory:
 * operands are copied in, results copied out (a few hundred kB per call, small next to the
 * arithmetic). Where a module cannot compile (no WebAssembly SIMD, or a runtime that refuses
 * synchronous compilation) the loader remembers the reason and callers use tfjs kernels.
 */

import { EngineError } from '../errors';

/** The parts of a `WebAssembly.Memory` used here (the project compiles without the DOM lib). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** What every kernel module exports besides its functions. */
export interface KernelModuleExports {
  memory: WasmMemory;
  __heap_base: { value: unknown };
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

function decodeBase64(s: string): Uint8Array {
  const B = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (B) return new Uint8Array(B.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A lazily compiled kernel module (see {@link lazyKernelModule}). */
export interface LazyKernelModule<E> {
  /** Whether the module compiles in this thread (compiles it on the first call). */
  available(): boolean;
  /** Why it cannot compile here, or null when it can. */
  unavailableReason(): string | null;
  /** Its exports; throws {@link EngineError} naming `caller` where it cannot compile. */
  exports(caller: string): E;
}

/**
 * A kernel module compiled on first use. The error that stopped it from compiling is
 * remembered, not thrown, until a caller asks for its exports.
 */
export function lazyKernelModule<E extends KernelModuleExports>(base64: string): LazyKernelModule<E> {
  let loaded: E | Error | undefined;
  const get = (): E | Error => {
    if (loaded === undefined) {
      try {
        const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
        if (!api) throw new Error('this runtime has no WebAssembly');
        loaded = new api.Instance(new api.Module(decodeBase64(base64)), {}).exports as E;
      } catch (e) {
        loaded = e instanceof Error ? e : new Error(String(e));
      }
    }
    return loaded;
  };
  return {
    available: () => !(get() instanceof Error),
    unavailableReason: () => {
      const e = get();
      return e instanceof Error ? e.message : null;
    },
    exports: (caller) => {
      const e = get();
      if (e instanceof Error) throw new EngineError(`${caller}: the SIMD kernel is unavailable here (${e.message}); call setSimdKernels('never') to use tfjs kernels`, { cause: e });
      return e;
    },
  };
}

/**
 * Lays out consecutive float32 blocks of the given lengths after the module's static data
 * (each 16-byte aligned), grows the memory to fit them, and returns each block's offset in
 * floats with a view over the whole memory (take it after growing: growing detaches old views).
 */
export function layoutFloats(ex: KernelModuleExports, lengths: number[]): { heap: Float32Array; at: number[] } {
  let next = (ex.__heap_base.value as number) / 4;
  const at = lengths.map((len) => {
    const offset = (next + 3) & ~3;
    next = offset + len;
    return offset;
  });
  const bytes = next * 4;
  const have = ex.memory.buffer.byteLength;
  if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / 65536));
  return { heap: new Float32Array(ex.memory.buffer), at };
}
