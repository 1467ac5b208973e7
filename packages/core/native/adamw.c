/*
 * One AdamW step over a flat parameter, in place, for @umq/core's AdamW (see
 * src/kernels/wasm-adamw.ts), with the operations in the order of PyTorch 1.13
 * _single_tensor_adamw (and of AdamW's tfjs route):
 *
 *   p <- p * decay                              (decay = 1 - lr * weight_decay, or 1)
 *   m <- m * beta1 + g * (1 - beta1)
 *   v <- v * beta2 + (g * g) * (1 - beta2)
 *   p <- p - (m / (sqrt(v) / bc2_sqrt + eps)) * step_size     (step_size = lr / bc1)
 *
 * Built by tools/native/build-wasm.sh; no libc, no imports.
 */
#include <wasm_simd128.h>

typedef float f32;

__attribute__((export_name("adamw_step")))
void adamw_step(f32 *p, const f32 *g, f32 *m, f32 *v, int n, f32 decay, f32 beta1, f32 one_minus_beta1,
                f32 beta2, f32 one_minus_beta2, f32 bc2_sqrt, f32 eps, f32 step_size, int apply_decay) {
  const v128_t vb1 = wasm_f32x4_splat(beta1), vb1c = wasm_f32x4_splat(one_minus_beta1);
  const v128_t vb2 = wasm_f32x4_splat(beta2), vb2c = wasm_f32x4_splat(one_minus_beta2);
  const v128_t vbc2 = wasm_f32x4_splat(bc2_sqrt), veps = wasm_f32x4_splat(eps);
  const v128_t vss = wasm_f32x4_splat(step_size), vdec = wasm_f32x4_splat(decay);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t pv = wasm_v128_load(p + i), gv = wasm_v128_load(g + i);
    if (apply_decay) pv = wasm_f32x4_mul(pv, vdec);
    v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gv, vb1c));
    v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), vb2c));
    v128_t den = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vv), vbc2), veps);
    pv = wasm_f32x4_sub(pv, wasm_f32x4_mul(wasm_f32x4_div(mv, den), vss));
    wasm_v128_store(p + i, pv);
    wasm_v128_store(m + i, mv);
    wasm_v128_store(v + i, vv);
  }
  for (; i < n; i++) {
    f32 pv = p[i];
    const f32 gv = g[i];
    if (apply_decay) pv = pv * decay;
    const f32 mv = m[i] * beta1 + gv * one_minus_beta1;
    const f32 vv = v[i] * beta2 + (gv * gv) * one_minus_beta2;
    const f32 den = __builtin_sqrtf(vv) / bc2_sqrt + eps;
    p[i] = pv - (mv / den) * step_size;
    m[i] = mv;
    v[i] = vv;
  }
}
