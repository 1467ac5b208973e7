import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wasmBatchGemm, wasmGemmAvailable, wasmGemmFlops, wasmGemmVariant, wasmGemmRelaxedUnavailableReason, setGemmVariant, WASM_GEMM_SOURCE_SHA256, WASM_GEMM_RELAXED_SOURCE_SHA256 } from './wasm-gemm';
import { WASM_LAYER_NORM_SOURCE_SHA256, wasmLayerNormAvailable } from './wasm-layer-norm';
import { WASM_ADAMW_SOURCE_SHA256, wasmAdamWAvailable } from './wasm-adamw';

/** float64 reference of op(A[g]) @ op(B[g]). */
function reference(a: Float32Array, b: Float32Array, g: number, n: number, k: number, m: number, ta: boolean, tb: boolean): Float64Array {
  const c = new Float64Array(g * n * m);
  for (let q = 0; q < g; q++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = ta ? a[q * n * k + p * n + i] : a[q * n * k + i * k + p];
          const bv = tb ? b[q * k * m + j * k + p] : b[q * k * m + p * m + j];
          s += av * bv;
        }
        c[q * n * m + i * m + j] = s;
      }
    }
  }
  return c;
}

function values(len: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: len }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  });
}

describe('wasmBatchGemm (SIMD kernel)', () => {
  it('compiles here (Node 20 has wasm SIMD), as do the layer-norm and AdamW modules', () => {
    expect(wasmGemmAvailable()).toBe(true);
    expect(wasmLayerNormAvailable()).toBe(true);
    expect(wasmAdamWAvailable()).toBe(true);
  });

  it("picks the relaxed-SIMD (FMA) build where the runtime compiles it, the plain one elsewhere (Node 20 without --experimental-wasm-relaxed-simd); setGemmVariant('simd128') forces the plain one", () => {
    const node = Number(process.versions.node.split('.')[0]);
    const flagged = process.execArgv.includes('--experimental-wasm-relaxed-simd');
    if (node >= 22 || flagged) expect(wasmGemmVariant()).toBe('relaxed-fma');
    else {
      expect(wasmGemmVariant()).toBe('simd128');
      expect(wasmGemmRelaxedUnavailableReason()).toMatch(/relaxed/i);
    }
    const previous = setGemmVariant('simd128');
    try {
      expect(wasmGemmVariant()).toBe('simd128');
    } finally {
      setGemmVariant(previous);
    }
    expect(() => setGemmVariant('fma' as never)).toThrow(/setGemmVariant/);
  });

  it('the relaxed-SIMD build, where enabled (here: a Node started with --experimental-wasm-relaxed-simd), is selected and agrees with the plain build to float rounding', () => {
    const here = fileURLToPath(new URL('./wasm-gemm.ts', import.meta.url));
    const script = `
      import { wasmBatchGemm, wasmGemmVariant, setGemmVariant } from ${JSON.stringify(here)};
      const a = Float32Array.from({ length: 3 * 13 * 37 }, (_, i) => Math.sin(i)), b = Float32Array.from({ length: 3 * 37 * 9 }, (_, i) => Math.cos(i));
      const variant = wasmGemmVariant();
      const fma = wasmBatchGemm(a, b, 3, 13, 37, 9, false, true);
      setGemmVariant('simd128');
      const plain = wasmBatchGemm(a, b, 3, 13, 37, 9, false, true);
      let diff = 0, differing = 0;
      for (let i = 0; i < fma.length; i++) { diff = Math.max(diff, Math.abs(fma[i] - plain[i])); if (fma[i] !== plain[i]) differing++; }
      console.log(JSON.stringify({ variant, after: wasmGemmVariant(), diff, differing }));`;
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.variant).toBe('relaxed-fma');
    expect(out.after).toBe('simd128');
    expect(out.diff).toBeLessThan(1e-5);
  }, 30_000);

  it('counts its floating-point operations, 2 per multiply-add (wasmGemmFlops)', () => {
    const before = wasmGemmFlops();
    wasmBatchGemm(new Float32Array(2 * 3 * 4), new Float32Array(2 * 4 * 5), 2, 3, 4, 5, false, false);
    expect(wasmGemmFlops() - before).toBe(2 * 2 * 3 * 4 * 5);
  });

  it.each([
    ['batch-gemm', WASM_GEMM_SOURCE_SHA256],
    ['batch-gemm', WASM_GEMM_RELAXED_SOURCE_SHA256],
    ['layer-norm', WASM_LAYER_NORM_SOURCE_SHA256],
    ['adamw', WASM_ADAMW_SOURCE_SHA256],
  ])('the %s module was rebuilt from the committed C source (else run tools/native/build-wasm.sh)', (name, hash) => {
    const src = readFileSync(new URL(`../../native/${name}.c`, import.meta.url));
    expect(createHash('sha256').update(src).digest('hex')).toBe(hash);
  });

  it.each([
    [1, 1, 1, 1], [3, 5, 7, 9], [2, 4, 3, 8], [4, 50, 25, 50], [2, 50, 50, 25], [5, 13, 17, 4], [1, 6, 1, 13],
    [3, 1, 100, 203], [2, 3, 7, 13], [3, 2, 5, 6],
  ])('matches a float64 reference for G=%i, n=%i, k=%i, m=%i and every transpose', (g, n, k, m) => {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const a = values(g * n * k, 1 + g + n);
        const b = values(g * k * m, 2 + k + m);
        const c = wasmBatchGemm(a, b, g, n, k, m, ta, tb);
        const r = reference(a, b, g, n, k, m, ta, tb);
        expect(c.length).toBe(r.length);
        let err = 0;
        for (let i = 0; i < c.length; i++) err = Math.max(err, Math.abs(c[i] - r[i]));
        expect(err).toBeLessThan(1e-5 * Math.max(1, k));
      }
    }
  });

  it('computes fewer than 4 rows straight from B (no packing) with the packed route\'s sums, to the bit', () => {
    const [g, k, m] = [3, 37, 29];
    const b = values(g * k * m, 9);
    for (const n of [1, 2, 3]) {
      for (const ta of [false, true]) {
        const a = values(g * n * k, 10 + n);
        // the same rows padded with a 4th and more, which takes the packed route
        const rows = 5;
        const big = new Float32Array(g * rows * k);
        for (let q = 0; q < g; q++) {
          for (let i = 0; i < n; i++) {
            for (let p = 0; p < k; p++) {
              const v = ta ? a[q * n * k + p * n + i] : a[q * n * k + i * k + p];
              big[q * rows * k + (ta ? p * rows + i : i * k + p)] = v;
            }
          }
        }
        const direct = wasmBatchGemm(a, b, g, n, k, m, ta, false);
        const packed = wasmBatchGemm(big, b, g, rows, k, m, ta, false);
        for (let q = 0; q < g; q++) {
          expect(Array.from(direct.subarray(q * n * m, (q + 1) * n * m))).toEqual(Array.from(packed.subarray(q * rows * m, q * rows * m + n * m)));
        }
      }
    }
  });

  it('grows its memory for large calls and stays right for small ones after', () => {
    const [g, n, k, m] = [64, 64, 64, 64]; // 3 MB of operands
    const a = values(g * n * k, 3);
    const b = values(g * k * m, 4);
    const big = wasmBatchGemm(a, b, g, n, k, m, false, false);
    const r = reference(a, b, g, n, k, m, false, false);
    expect(Math.abs(big[big.length - 1] - r[r.length - 1])).toBeLessThan(1e-4);
    const small = wasmBatchGemm(Float32Array.of(2), Float32Array.of(3), 1, 1, 1, 1, false, false);
    expect(Array.from(small)).toEqual([6]);
  });

  it('rejects operands whose lengths do not match the sizes', () => {
    expect(() => wasmBatchGemm(new Float32Array(5), new Float32Array(6), 1, 2, 3, 2, false, false)).toThrow(/expected 6 and 6 values/);
  });
});
