/*
 * Batched matrix product for @umq/core's wasm kernel (see src/kernels/wasm-gemm.ts):
 *
 *   C[g] = op(A[g]) @ op(B[g]),  g = 0 .. G-1
 *
 * op(A) is [n, k] (A stored [n, k], or [k, n] when ta), op(B) is [k, m] (B stored [k, m], or
 * [m, k] when tb), C is [n, m]; every matrix row-major and densely packed, groups back to back.
 * Each group is packed into 4-row panels of op(A) and a zero-padded row-major op(B), then a
 * 4x8 (and 4x4) register-blocked SIMD micro-kernel computes C. With fewer than 4 rows and B
 * stored [k, m] (no tb), nothing is packed: each row of C is computed straight from B's rows
 * (a batch-1 layer would otherwise pack B and compute 3 zero rows). Sums run over p = 0 .. k-1 in
 * order, one product and one addition per step (no fused multiply-add); built with
 * UMQ_RELAXED_SIMD, each step is one relaxed multiply-add instead (f32x4.relaxed_madd: fused
 * where the CPU has FMA, so results differ from the plain build by float rounding).
 *
 * Built by tools/native/build-wasm.sh (clang 14, --target=wasm32 -msimd128; the relaxed variant
 * with clang 16, -mrelaxed-simd -DUMQ_RELAXED_SIMD); the binaries are embedded in
 * src/kernels/batch-gemm.wasm.generated.ts and batch-gemm-relaxed.wasm.generated.ts. No libc,
 * no imports.
 */
#include <wasm_simd128.h>

typedef float f32;

/* Ap[(i / 4) * k * 4 + p * 4 + i % 4] = op(A)[i][p], zero rows up to nPad. */
static void pack_a(const f32 *A, f32 *Ap, int n, int k, int ta, int nPad) {
  for (int i = 0; i < nPad; i++) {
    f32 *dst = Ap + (i >> 2) * k * 4 + (i & 3);
    if (i >= n) {
      for (int p = 0; p < k; p++) dst[p * 4] = 0.0f;
    } else if (ta) {
      for (int p = 0; p < k; p++) dst[p * 4] = A[p * n + i];
    } else {
      const f32 *row = A + i * k;
      for (int p = 0; p < k; p++) dst[p * 4] = row[p];
    }
  }
}

/* Bp[p * mPad + j] = op(B)[p][j], zero columns up to mPad. */
static void pack_b(const f32 *B, f32 *Bp, int k, int m, int tb, int mPad) {
  for (int p = 0; p < k; p++) {
    f32 *dst = Bp + p * mPad;
    if (tb) {
      for (int j = 0; j < m; j++) dst[j] = B[j * k + p];
    } else {
      const f32 *row = B + p * m;
      for (int j = 0; j < m; j++) dst[j] = row[j];
    }
    for (int j = m; j < mPad; j++) dst[j] = 0.0f;
  }
}

#define LANE(v, l) wasm_i32x4_shuffle(v, v, l, l, l, l)
#ifdef UMQ_RELAXED_SIMD
#define MAC(acc, a, b) acc = (v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc))
#else
#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#endif

/* 4 rows x 8 columns of Cp (row stride ldc) from an A panel and Bp columns j0 .. j0+7. */
static void kernel_4x8(const f32 *ap, const f32 *bp, int k, int mPad, f32 *c, int ldc) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int p = 0; p < k; p++) {
    v128_t a = wasm_v128_load(ap + p * 4);
    v128_t b0 = wasm_v128_load(bp + p * mPad);
    v128_t b1 = wasm_v128_load(bp + p * mPad + 4);
    v128_t a0 = LANE(a, 0), a1 = LANE(a, 1), a2 = LANE(a, 2), a3 = LANE(a, 3);
    MAC(c00, a0, b0); MAC(c01, a0, b1);
    MAC(c10, a1, b0); MAC(c11, a1, b1);
    MAC(c20, a2, b0); MAC(c21, a2, b1);
    MAC(c30, a3, b0); MAC(c31, a3, b1);
  }
  wasm_v128_store(c, c00); wasm_v128_store(c + 4, c01);
  wasm_v128_store(c + ldc, c10); wasm_v128_store(c + ldc + 4, c11);
  wasm_v128_store(c + 2 * ldc, c20); wasm_v128_store(c + 2 * ldc + 4, c21);
  wasm_v128_store(c + 3 * ldc, c30); wasm_v128_store(c + 3 * ldc + 4, c31);
}

/* 4 rows x 4 columns: the last block when mPad is not a multiple of 8. */
static void kernel_4x4(const f32 *ap, const f32 *bp, int k, int mPad, f32 *c, int ldc) {
  v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
  for (int p = 0; p < k; p++) {
    v128_t a = wasm_v128_load(ap + p * 4);
    v128_t b = wasm_v128_load(bp + p * mPad);
    MAC(c0, LANE(a, 0), b); MAC(c1, LANE(a, 1), b);
    MAC(c2, LANE(a, 2), b); MAC(c3, LANE(a, 3), b);
  }
  wasm_v128_store(c, c0); wasm_v128_store(c + ldc, c1);
  wasm_v128_store(c + 2 * ldc, c2); wasm_v128_store(c + 3 * ldc, c3);
}

/* C[i] = op(A)[i] @ B for the n < 4 rows of a group, B stored [k, m], the same sums in the same
 * order as the packed route (p = 0 .. k-1, one step each). */
static void rows_direct(const f32 *A, const f32 *B, f32 *C, int n, int k, int m, int ta) {
  for (int i = 0; i < n; i++) {
    /* op(A)[i][p] = a[p * as] */
    const f32 *a = ta ? A + i : A + i * k;
    const int as = ta ? n : 1;
    f32 *c = C + i * m;
    int j = 0;
    for (; j + 8 <= m; j += 8) {
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0;
      for (int p = 0; p < k; p++) {
        v128_t ap = wasm_f32x4_splat(a[p * as]);
        MAC(c0, ap, wasm_v128_load(B + p * m + j));
        MAC(c1, ap, wasm_v128_load(B + p * m + j + 4));
      }
      wasm_v128_store(c + j, c0);
      wasm_v128_store(c + j + 4, c1);
    }
    for (; j + 4 <= m; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      for (int p = 0; p < k; p++) MAC(c0, wasm_f32x4_splat(a[p * as]), wasm_v128_load(B + p * m + j));
      wasm_v128_store(c + j, c0);
    }
    for (; j < m; j++) {
      v128_t c0 = wasm_f32x4_splat(0);
      for (int p = 0; p < k; p++) MAC(c0, wasm_f32x4_splat(a[p * as]), wasm_f32x4_splat(B[p * m + j]));
      c[j] = wasm_f32x4_extract_lane(c0, 0);
    }
  }
}

/*
 * scratch holds nPad * k + k * mPad + nPad * mPad floats, nPad = n rounded up to 4 and
 * mPad = m rounded up to 4 (the caller sizes it with the same rule).
 */
__attribute__((export_name("batch_gemm")))
void batch_gemm(const f32 *A, const f32 *B, f32 *C, int G, int n, int k, int m, int ta, int tb, f32 *scratch) {
  const int nPad = (n + 3) & ~3, mPad = (m + 3) & ~3;
  f32 *Ap = scratch, *Bp = Ap + nPad * k, *Cp = Bp + k * mPad;
  for (int g = 0; g < G; g++) {
    const f32 *Ag = A + g * n * k, *Bg = B + g * k * m;
    f32 *Cg = C + g * n * m;
    if (n < 4 && !tb) {
      rows_direct(Ag, Bg, Cg, n, k, m, ta);
      continue;
    }
    pack_a(Ag, Ap, n, k, ta, nPad);
    pack_b(Bg, Bp, k, m, tb, mPad);
    for (int i = 0; i < nPad; i += 4) {
      const f32 *ap = Ap + i * k;
      int j = 0;
      for (; j + 8 <= mPad; j += 8) kernel_4x8(ap, Bp + j, k, mPad, Cp + i * mPad + j, mPad);
      if (j < mPad) kernel_4x4(ap, Bp + j, k, mPad, Cp + i * mPad + j, mPad);
    }
    for (int i = 0; i < n; i++) {
      const f32 *src = Cp + i * mPad;
      f32 *dst = Cg + i * m;
      for (int j = 0; j < m; j++) dst[j] = src[j];
    }
  }
}
