/*
 * Layer normalisation over the last axis for @umq/core's wasm kernel (see
 * src/kernels/wasm-layer-norm.ts), PyTorch nn.LayerNorm semantics: biased variance, eps inside
 * the square root. Rows of length d, row-major.
 *
 *   forward:  mean_r, rstd_r = 1 / sqrt(var_r + eps), xhat = (x - mean) * rstd,
 *             y = xhat * gamma + beta
 *   backward: g = dy * gamma,
 *             dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),
 *             dgamma = sum_r dy * xhat, dbeta = sum_r dy
 *
 * Built by tools/native/build-wasm.sh; no libc, no imports.
 */
#include <wasm_simd128.h>

typedef float f32;

static f32 hsum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) +
         wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}

/* Sum of a[0 .. d-1]: four lanes, then the tail. */
static f32 row_sum(const f32 *a, int d) {
  v128_t s = wasm_f32x4_splat(0);
  int j = 0;
  for (; j + 4 <= d; j += 4) s = wasm_f32x4_add(s, wasm_v128_load(a + j));
  f32 t = hsum(s);
  for (; j < d; j++) t += a[j];
  return t;
}

/* y [rows, d]; rstd [rows] (kept for the backward pass); mean [rows]. */
__attribute__((export_name("layer_norm_forward")))
void layer_norm_forward(const f32 *x, const f32 *gamma, const f32 *beta, f32 *y, f32 *mean, f32 *rstd, int rows, int d, f32 eps) {
  const f32 inv_d = 1.0f / (f32)d;
  for (int r = 0; r < rows; r++) {
    const f32 *xr = x + r * d;
    f32 *yr = y + r * d;
    const f32 mu = row_sum(xr, d) * inv_d;
    const v128_t vmu = wasm_f32x4_splat(mu);
    v128_t s = wasm_f32x4_splat(0);
    int j = 0;
    for (; j + 4 <= d; j += 4) {
      v128_t c = wasm_f32x4_sub(wasm_v128_load(xr + j), vmu);
      s = wasm_f32x4_add(s, wasm_f32x4_mul(c, c));
    }
    f32 ss = hsum(s);
    for (; j < d; j++) ss += (xr[j] - mu) * (xr[j] - mu);
    const f32 rs = 1.0f / __builtin_sqrtf(ss * inv_d + eps);
    mean[r] = mu;
    rstd[r] = rs;
    const v128_t vrs = wasm_f32x4_splat(rs);
    for (j = 0; j + 4 <= d; j += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      wasm_v128_store(yr + j, wasm_f32x4_add(wasm_f32x4_mul(xh, wasm_v128_load(gamma + j)), wasm_v128_load(beta + j)));
    }
    for (; j < d; j++) yr[j] = (xr[j] - mu) * rs * gamma[j] + beta[j];
  }
}

/* dx [rows, d]; dgamma, dbeta [d] (overwritten). */
__attribute__((export_name("layer_norm_backward")))
void layer_norm_backward(const f32 *x, const f32 *gamma, const f32 *mean, const f32 *rstd, const f32 *dy, f32 *dx, f32 *dgamma, f32 *dbeta, int rows, int d) {
  const f32 inv_d = 1.0f / (f32)d;
  for (int j = 0; j < d; j++) {
    dgamma[j] = 0.0f;
    dbeta[j] = 0.0f;
  }
  for (int r = 0; r < rows; r++) {
    const f32 *xr = x + r * d, *dyr = dy + r * d;
    f32 *dxr = dx + r * d;
    const v128_t vmu = wasm_f32x4_splat(mean[r]), vrs = wasm_f32x4_splat(rstd[r]);
    v128_t sg = wasm_f32x4_splat(0), sgx = sg;
    int j = 0;
    for (; j + 4 <= d; j += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      v128_t dyv = wasm_v128_load(dyr + j);
      v128_t g = wasm_f32x4_mul(dyv, wasm_v128_load(gamma + j));
      sg = wasm_f32x4_add(sg, g);
      sgx = wasm_f32x4_add(sgx, wasm_f32x4_mul(g, xh));
      wasm_v128_store(dgamma + j, wasm_f32x4_add(wasm_v128_load(dgamma + j), wasm_f32x4_mul(dyv, xh)));
      wasm_v128_store(dbeta + j, wasm_f32x4_add(wasm_v128_load(dbeta + j), dyv));
    }
    f32 tg = hsum(sg), tgx = hsum(sgx);
    for (; j < d; j++) {
      const f32 xh = (xr[j] - mean[r]) * rstd[r];
      const f32 g = dyr[j] * gamma[j];
      tg += g;
      tgx += g * xh;
      dgamma[j] += dyr[j] * xh;
      dbeta[j] += dyr[j];
    }
    const v128_t mg = wasm_f32x4_splat(tg * inv_d), mgx = wasm_f32x4_splat(tgx * inv_d);
    for (j = 0; j + 4 <= d; j += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      v128_t g = wasm_f32x4_mul(wasm_v128_load(dyr + j), wasm_v128_load(gamma + j));
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(g, mg), wasm_f32x4_mul(xh, mgx));
      wasm_v128_store(dxr + j, wasm_f32x4_mul(t, vrs));
    }
    for (; j < d; j++) {
      const f32 xh = (xr[j] - mean[r]) * rstd[r];
      const f32 g = dyr[j] * gamma[j];
      dxr[j] = (g - tg * inv_d - xh * tgx * inv_d) * rstd[r];
    }
  }
}
