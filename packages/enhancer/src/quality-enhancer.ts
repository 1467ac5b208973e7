/**
 * The quality enhancer of UMQ (Eq 8, App. B.5 (2)): a learnable per-modality query attends over
 * the other modalities' sample-specific parts and the modality's baseline, and an MLP maps the
 * quality-scaled representation and that context to the enhanced representation.
 */
import { tf, Module, ModalityLinears, ModalityMLPs, DerivedTensor, EVAL, Rng, OptionError, ShapeError, uniformInit, assertInteger, deriveSeed, type CallContext, type Seed, assertModalityStack, assertModalityScores } from '@umq/core';

/** Options of {@link QualityEnhancer}. Booleans are the ablation and reading switches. */
export interface QualityEnhancerOptions {
  /** Number of modalities M (>= 2). */
  modalities: number;
  /** Representation width d. Paper: 100 (64 for MUStARD). */
  features: number;
  /** Learned key and value projections (one of each per modality, single head). Default `true` (spec reading). */
  keyValueProjection?: boolean;
  /** `ũ = q·u + Enh(...)` instead of `ũ = Enh(...)`. Default `false` (spec reading). */
  residual?: boolean;
  /** Scale the other modalities' keys s_n by their quality q_n. Default `false` (spec reading). */
  qualityWeightedKeys?: boolean;
  /** Keys include the other modalities' sample-specific parts. Default `true` (false: "w/o sample-specific information" ablation). */
  sampleSpecificKeys?: boolean;
  /** Keys include the modality's baseline b_m. Default `true` (false: "w/o modality-specific information" ablation). */
  modalitySpecificKey?: boolean;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/** Inputs of {@link QualityEnhancer.call}. */
export interface EnhancerInputs {
  /** Representations u `[M, B, d]`. */
  u: tf.Tensor;
  /** Their quality scores q `[M, B]` (pass sg(q) to keep task gradients out of the estimator). */
  q: tf.Tensor;
  /**
   * Sample-specific parts s `[M, B, d]` used as keys of the other modalities; pass the raw
   * u when decoupling is off. Required when `sampleSpecificKeys`.
   */
  keys?: tf.Tensor | null;
  /** Baselines b `[M, d]` (Eq 7). Required when `modalitySpecificKey`. */
  baseline?: tf.Tensor | null;
}

/** Options of {@link QualityEnhancer.attend} and {@link QualityEnhancer.call}. */
export interface AttendOptions {
  /** Return the attention weights (`attention`). Default `true`; `false` skips their layout (6 kernel calls), for callers that only need the context. */
  weights?: boolean;
}

/** Result of {@link QualityEnhancer.call}. */
export interface EnhancerOutput {
  /** Enhanced representations ũ `[M, B, d]` (Eq 8). */
  output: tf.Tensor;
  /** Attention context z `[M, B, d]` (reuse it for the Eq 22 pass with {@link QualityEnhancer.enhance}). */
  context: tf.Tensor;
  /**
   * Attention weights `[M, B, K]` over the keys, in order: the other modalities n != m
   * ascending, then the baseline. K = (M - 1) + 1 with both key kinds on. Null without keys.
   */
  attention: tf.Tensor | null;
}

/**
 * UMQ's quality enhancer (Eq 8): `z_m = softmax(w_m K_m^T / sqrt(d)) V_m` over
 * `K_m = {s_n : n != m} ∪ {b_m}` (through learned key/value projections by default), then
 * `ũ_m = Enh_m([q_m·u_m ; z_m])` with Enh_m a ReLU MLP 2d -> d -> d. The key sets are built by
 * slicing and stacking per-modality tensors (no `tf.gather`, whose gradient wasm lacks).
 *
 * @example
 * ```ts
 * const enh = new QualityEnhancer({ modalities: 3, features: 16, seed: 1 });
 * const { output } = enh.call({ u, q, keys: s, baseline: b }); // u, s [3, B, 16]; q [3, B]; b [3, 16]
 * ```
 */
export class QualityEnhancer extends Module {
  static override className = 'umq.QualityEnhancer';
  /** The queries w_m `[M, d]`, U(±1/sqrt(d)). */
  readonly query: tf.Variable;
  /** Key projections (null without `keyValueProjection`). */
  readonly keyProjection: ModalityLinears | null;
  /** Value projections (null without `keyValueProjection`). */
  readonly valueProjection: ModalityLinears | null;
  /** Enh_m: 2d -> d -> d. */
  readonly mlp: ModalityMLPs;
  private readonly options: Required<QualityEnhancerOptions>;
  /** The queries folded into the key projections, `W_m w_m` `[M, d]`, and `c_m · w_m` `[M, 1, 1]`: parameters only, kept between inference calls. */
  private readonly foldedQuery: DerivedTensor | null;
  private readonly queryBias: DerivedTensor | null;

  constructor(options: QualityEnhancerOptions) {
    super();
    assertInteger('QualityEnhancer.modalities', options.modalities, 2, 'UMQ needs at least two modalities');
    assertInteger('QualityEnhancer.features', options.features, 1);
    this.options = { keyValueProjection: true, residual: false, qualityWeightedKeys: false, sampleSpecificKeys: true, modalitySpecificKey: true, seed: 0, ...options };
    const { modalities: M, features: d, seed } = this.options;
    this.query = this.addParameter('query', uniformInit([M, d], 1 / Math.sqrt(d), new Rng(deriveSeed(seed, 'query'))));
    this.keyProjection = this.options.keyValueProjection ? this.addModule('keyProj', new ModalityLinears({ modalities: M, inFeatures: d, outFeatures: d, seed: deriveSeed(seed, 'key') })) : null;
    this.valueProjection = this.options.keyValueProjection ? this.addModule('valueProj', new ModalityLinears({ modalities: M, inFeatures: d, outFeatures: d, seed: deriveSeed(seed, 'value') })) : null;
    this.mlp = this.addModule('enh', new ModalityMLPs({ modalities: M, inFeatures: 2 * d, hidden: d, outFeatures: d, seed: deriveSeed(seed, 'enh') }));
    const kp = this.keyProjection;
    this.foldedQuery = kp ? this.addDerived(new DerivedTensor(() => [kp.weight, this.query], () => tf.sum(tf.mul(kp.weight, tf.expandDims(this.query, 1)), 2))) : null;
    const kb = kp?.bias;
    this.queryBias = kb ? this.addDerived(new DerivedTensor(() => [kb, this.query], () => tf.reshape(tf.sum(tf.mul(kb, this.query), 1), [M, 1, 1]))) : null;
  }

  /**
   * The attention context of Eq 8: `z [M, B, d]` and the weights `[M, B, K]`. Zeros (and null
   * weights) when both key kinds are switched off. `options.weights: false` skips laying out the
   * weights (`attention` is then null; the context is the same).
   */
  attend(keys: tf.Tensor | null | undefined, q: tf.Tensor, baseline: tf.Tensor | null | undefined, options: AttendOptions = {}): {
    /** The context z `[M, B, d]`. */
    context: tf.Tensor;
    /** The attention weights `[M, B, K]`, or null. */
    attention: tf.Tensor | null;
  } {
    const o = this.options;
    const { modalities: M, features: d } = o;
    const [, B] = assertModalityScores('QualityEnhancer.attend', 'q', q);
    if (q.shape[0] !== M) throw new ShapeError(`QualityEnhancer.attend: \`q\` has ${q.shape[0]} modalities, the enhancer was built for ${M}: pass q [${M}, B]`);
    if (o.sampleSpecificKeys) {
      if (!keys) throw new OptionError('QualityEnhancer: sampleSpecificKeys is on, so `keys` (s [M, B, d], or u without decoupling) is required: pass it or build with sampleSpecificKeys: false');
      assertModalityStack('QualityEnhancer.attend', 'keys', keys, M, d);
      if (keys.shape[1] !== B) throw new ShapeError(`QualityEnhancer.attend: \`keys\` has ${keys.shape[1]} rows, \`q\` has ${B}: pass the keys of the same batch`);
    }
    if (o.modalitySpecificKey) {
      if (!baseline) throw new OptionError('QualityEnhancer: modalitySpecificKey is on, so `baseline` (b [M, d] from ModalityBaseline) is required: pass it or build with modalitySpecificKey: false');
      if (baseline.rank !== 2 || baseline.shape[0] !== M || baseline.shape[1] !== d) throw new ShapeError(`QualityEnhancer.attend: \`baseline\` must be [${M}, ${d}], got [${baseline.shape.join(', ')}]`);
    }
    if (!o.sampleSpecificKeys && !o.modalitySpecificKey) return { context: tf.zeros([M, B, d]), attention: null };
    return tf.tidy((): tf.TensorContainer => {
      // All M queries at once. The key projection is folded into the query
      // (w_m · (k W_m + c_m) = k · (W_m w_m) + c_m · w_m) and the value projection is applied
      // after the attention average (Σ_k a_k (v_k V_m + e_m) = (Σ_k a_k v_k) V_m + e_m, the
      // weights sum to 1): the same numbers as projecting every key, with one [M, B, d]
      // product instead of 2(M-1)+2 per modality.
      const hasS = o.sampleSpecificKeys;
      const hasB = o.modalitySpecificKey;
      const kq = this.foldedQuery ? this.foldedQuery.get() : this.query; // [M, d]
      const src = hasS ? (o.qualityWeightedKeys ? tf.mul(keys as tf.Tensor, tf.expandDims(q, 2)) : (keys as tf.Tensor)) : null; // [M(n), B, d]
      const parts: tf.Tensor[] = [];
      if (src) {
        const s = tf.matMul(tf.reshape(src, [M * B, d]) as tf.Tensor2D, tf.transpose(kq) as tf.Tensor2D); // [n*B + i, m]
        parts.push(tf.add(tf.transpose(tf.reshape(s, [M, B, M]), [2, 1, 0]), this.selfMask(M))); // [m, i, n], n = m masked
      }
      if (hasB) parts.push(tf.broadcastTo(tf.reshape(tf.sum(tf.mul(baseline as tf.Tensor, kq), 1), [M, 1, 1]), [M, B, 1]));
      let scores = parts.length > 1 ? tf.concat(parts, 2) : parts[0];
      if (this.queryBias) scores = tf.add(scores, this.queryBias.get());
      const att = tf.softmax(tf.mul(scores, 1 / Math.sqrt(d)), -1); // [M, B, M (+1)]
      let avg: tf.Tensor | null = null; // Σ_k a_k key_k, [M, B, d]
      if (src) {
        const aS = hasB ? tf.slice(att, [0, 0, 0], [M, B, M]) : att;
        avg = tf.sum(tf.mul(tf.expandDims(aS, 3), tf.expandDims(tf.transpose(src, [1, 0, 2]), 0)), 2);
      }
      if (hasB) {
        const aB = tf.mul(tf.slice(att, [0, 0, hasS ? M : 0], [M, B, 1]), tf.expandDims(baseline as tf.Tensor, 1));
        avg = avg ? tf.add(avg, aB) : aB;
      }
      const context = this.valueProjection ? this.valueProjection.call(avg as tf.Tensor) : (avg as tf.Tensor);
      return { context, attention: options.weights === false ? null : this.compactAttention(att, M, B, hasS, hasB) } as unknown as tf.TensorContainer;
    }) as unknown as { context: tf.Tensor; attention: tf.Tensor | null };
  }

  /** `[M, 1, M]`: -1e9 where a modality would attend to itself (that key is not in K_m). */
  private selfMask(M: number): tf.Tensor {
    const v = new Float32Array(M * M);
    for (let m = 0; m < M; m++) v[m * M + m] = -1e9;
    return tf.tensor3d(v, [M, 1, M]);
  }

  /** The weights over K_m = {others ascending, b_m}: drops the masked self column, `[M, B, K]`. */
  private compactAttention(att: tf.Tensor, M: number, B: number, hasS: boolean, hasB: boolean): tf.Tensor {
    if (!hasS) return att;
    const C = M + (hasB ? 1 : 0);
    const rows: number[] = [];
    for (let m = 0; m < M; m++) for (let c = 0; c < C; c++) if (c !== m) rows.push(m * C + c);
    const flat = tf.reshape(tf.transpose(att, [0, 2, 1]), [M * C, B]);
    return tf.transpose(tf.reshape(tf.gather(flat, tf.tensor1d(rows, 'int32')), [M, C - 1, B]), [0, 2, 1]);
  }

  /**
   * `Enh_m([q_m·u_m ; z_m])` (plus `q_m·u_m` with `residual`) for stacked `u, z [M, N, d]` and
   * `q [M, N]`. Call it on `[u ; AddNoise(u)]` rows with the context repeated to share one pass
   * between the task path and the Eq 22 training path.
   */
  enhance(u: tf.Tensor, q: tf.Tensor, context: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor {
    const { modalities: M, features: d } = this.options;
    assertModalityStack('QualityEnhancer.enhance', 'u', u, M, d);
    assertModalityStack('QualityEnhancer.enhance', 'context', context, M, d);
    assertModalityScores('QualityEnhancer.enhance', 'q', q, [M, u.shape[1] as number]);
    if (context.shape[1] !== u.shape[1]) throw new ShapeError(`QualityEnhancer.enhance: \`context\` has ${context.shape[1]} rows, \`u\` has ${u.shape[1]}: repeat the context (tf.concat([z, z], 1)) for concatenated rows`);
    return tf.tidy(() => {
      const qu = tf.mul(u, tf.expandDims(q, 2)); // [M, N, d]
      const out = this.mlp.call(tf.concat([qu, context], 2), ctx);
      return this.options.residual ? tf.add(qu, out) : out;
    });
  }

  /** The full Eq 8 path: attention context, then {@link QualityEnhancer.enhance}. */
  call(inputs: EnhancerInputs, ctx: CallContext = EVAL, options: AttendOptions = {}): EnhancerOutput {
    assertModalityStack('QualityEnhancer.call', 'u', inputs.u, this.options.modalities, this.options.features);
    const { context, attention } = this.attend(inputs.keys, inputs.q, inputs.baseline, options);
    const output = this.enhance(inputs.u, inputs.q, context, ctx);
    return { output, context, attention };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(QualityEnhancer);
