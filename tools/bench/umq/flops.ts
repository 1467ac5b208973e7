/**
 * Counts the matmul FLOPs (2·m·n·k per product) executed while `f` runs: the tfjs backend's
 * product kernels, by wrapping the registered kernels for that call, plus the products of
 * @umq/core's SIMD kernel, which run outside tfjs kernels (`wasmGemmFlops`).
 */
import { tf, wasmGemmFlops } from '@umq/core';

type KernelFunc = (args: { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: Record<string, unknown> }) => tf.TensorInfo | tf.TensorInfo[];

function matmulFlops(name: string, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown> = {}): number {
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const a = inputs.a.shape, b = inputs.b.shape;
    const ta = Boolean(attrs.transposeA), tb = Boolean(attrs.transposeB);
    const m = ta ? a[a.length - 1] : a[a.length - 2];
    const k = ta ? a[a.length - 2] : a[a.length - 1];
    const n = tb ? b[b.length - 2] : b[b.length - 1];
    const batch = a.slice(0, -2).reduce((s, x) => s * x, 1);
    return 2 * batch * m * n * k;
  }
  return 0;
}

/**
 * The nearest call-stack frame inside the project's packages (not tfjs, not the calling tool), as
 * `function (package/src/file.ts:line:col`; `fallback` when there is none (a call made by tfjs'
 * own code, such as its gradient functions). For the profiles that list kernel calls by site.
 */
export function projectFrame(fallback = '(outside the packages)'): string {
  Error.stackTraceLimit = 60;
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const f = frames.find((l) => l.includes('/packages/') && !l.includes('node_modules'));
  return f ? f.trim().replace(/^at /, '').replace(/\(?\/.*\/packages\//, '(').replace(/\)$/, '') : fallback;
}

/** Wraps every kernel of the backend with `wrap(name, run)`; returns a function that restores them. */
export function wrapKernels(wrap: (name: string, run: () => tf.TensorInfo | tf.TensorInfo[], args: Parameters<KernelFunc>[0]) => tf.TensorInfo | tf.TensorInfo[]): () => void {
  const backend = tf.getBackend();
  const configs = tf.getKernelsForBackend(backend);
  for (const c of configs) {
    const orig = c.kernelFunc as unknown as KernelFunc;
    tf.unregisterKernel(c.kernelName, backend);
    tf.registerKernel({ ...c, kernelFunc: ((a: Parameters<KernelFunc>[0]) => wrap(c.kernelName, () => orig(a), a)) as never });
  }
  return () => {
    for (const c of configs) {
      tf.unregisterKernel(c.kernelName, backend);
      tf.registerKernel(c);
    }
  };
}

/** Matmul FLOPs executed by one call of `f`. */
export function countMatmulFlops(f: () => unknown): number {
  let flops = -wasmGemmFlops();
  const restore = wrapKernels((name, run, a) => {
    flops += matmulFlops(name, a.inputs, a.attrs);
    return run();
  });
  try {
    f();
  } finally {
    restore();
  }
  return flops + wasmGemmFlops();
}
