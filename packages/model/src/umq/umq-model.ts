/**
 * UMQ, assembled: unimodal encoders, quality estimation, decoupling, baseline representation,
 * quality enhancement, fusion, MQ-MoE and the predictor, with the full loss of Eq 23. The parts
 * are injected (see {@link UMQComponents}); each Table-6 ablation is one option.
 */
import { tf, Module, MLP, Rng, assertOneOf, assertNumberInRange, stopGradient, deriveSeed, perSampleTaskLoss, requireEngine, OptionError, ShapeError, type TaskType, type CallContext } from '@umq/core';
import { QualityEstimator, UnimodalHeads, qualityLosses, addNoise } from '@umq/quality';
import { ModalityDecoupler, ModalityBaseline, QualityEnhancer, enhancerLoss } from '@umq/enhancer';
import { MixtureOfExperts } from '@umq/moe';
import type { ForwardOptions, HarnessModel, ModelBatch, ModelOutput } from '../types';
import { UMQ_DEFAULTS, type UMQOptions, type UMQHyperParameters } from '../options';
import { VectorEncoder } from '../encoders/vector-encoder';
import { SequenceEncoder } from '../encoders/sequence-encoder';
import { LateFusionWeights } from './late-fusion-weights';
import type { UMQComponents, QualityEstimatorPart, UnimodalHeadsPart, DecouplerPart, BaselinePart, EnhancerPart, MoEPart } from './components';

/** Options of {@link UMQModel}: the model options plus injected parts and the oracle switch. */
export interface UMQModelOptions extends UMQOptions {
  /** Parts to inject; omitted parts are built from the options, `null` leaves a part out. */
  components?: UMQComponents;
  /**
   * Use the batch's true quality (`batch.quality`, 1 - r) in place of q wherever the model
   * uses q (enhancer input, keys, gate, κ, L_enh rows): an upper bound for diagnostics. The
   * estimator is still trained and reported. Default false.
   */
  oracleQuality?: boolean;
}

type Resolved = UMQHyperParameters & Pick<UMQModelOptions, 'modalities' | 'task' | 'outDim'> & { seed: number | string; oracleQuality: boolean };

/**
 * The Unified Modality-Quality model.
 *
 * @example
 * ```ts
 * await initEngine();
 * const model = new UMQModel({ modalities: [{ name: 'text', kind: 'vector', dim: 100 }, { name: 'audio', kind: 'vector', dim: 73 }], task: 'binary', outDim: 1 });
 * const out = model.forward(batch, { training: true, rng: new Rng(1), computeLosses: true }); // out.loss: Eq 23
 * ```
 */
export class UMQModel extends Module implements HarnessModel {
  static override className = 'umq.UMQModel';
  readonly task: TaskType;
  readonly numModalities: number;
  /** The resolved options (defaults filled in). */
  readonly options: Resolved;
  private readonly encoders: Module[];
  private readonly qe: QualityEstimatorPart | null;
  private readonly heads: UnimodalHeadsPart | null;
  private readonly decoupler: DecouplerPart | null;
  private readonly baseline: BaselinePart | null;
  private readonly enhancer: EnhancerPart | null;
  private readonly fusion: MLP;
  private readonly moe: MoEPart | null;
  private readonly predictor: MLP;
  private readonly lateWeights: LateFusionWeights | null;

  constructor(options: UMQModelOptions) {
    super();
    requireEngine();
    const o: Resolved = { ...UMQ_DEFAULTS, seed: 0, oracleQuality: false, ...stripUndefined(options) } as Resolved;
    this.options = o;
    const M = o.modalities.length;
    if (M < 2) throw new OptionError(`UMQModel needs at least 2 modalities, got ${M}: use a unimodal model for one`);
    if (o.d % 2 !== 0) throw new OptionError(`UMQModel.d must be even (QE and heads use d/2), got ${o.d}`);
    assertOneOf('UMQModel.rankPairs', o.rankPairs, ['all', 'withinModality'] as const);
    assertOneOf('UMQModel.languageProjection', o.languageProjection, ['linear', 'conv'] as const);
    assertOneOf('UMQModel.qualitySupervision', o.qualitySupervision, ['rank', 'rank+corruption'] as const);
    assertOneOf('UMQModel.lateFusionWeighting', o.lateFusionWeighting, ['quality', 'learned', 'learned+confidence'] as const);
    assertNumberInRange('UMQModel.lambdaFusedPath', o.lambdaFusedPath, 0, Infinity);
    assertOneOf('UMQModel.encoderGradients', o.encoderGradients, ['all', 'heads'] as const);
    assertOneOf('UMQModel.vectorNorm', o.vectorNorm, ['layer', 'none'] as const);
    assertOneOf('UMQModel.task', o.task, ['binary', 'multiclass', 'regression'] as const);
    this.task = o.task;
    this.numModalities = M;
    const d = o.d;
    const seed = (label: string) => deriveSeed(o.seed, label);
    this.encoders = o.modalities.map((mod, m) =>
      this.addModule(`encoder${m}`, mod.kind === 'vector'
        ? new VectorEncoder({ inFeatures: mod.dim, d, norm: o.vectorNorm, dropout: o.dropout, seed: deriveSeed(o.seed, 'encoder', m) })
        : new SequenceEncoder({ inFeatures: mod.dim, d, projection: m === o.languageIndex ? o.languageProjection : 'conv', kernel: o.convKernel, layers: o.layers, heads: o.heads, ffDim: o.ffMult * d, dropout: o.dropout, skipPadding: o.skipPadding, seed: deriveSeed(o.seed, 'encoder', m) })),
    );
    const c = options.components ?? {};
    const pick = <T extends Module>(name: string, given: T | null | undefined, enabled: boolean, build: () => T): T | null => {
      const part = given === undefined ? (enabled ? build() : null) : given;
      return part ? this.addModule(name, part) : null;
    };
    this.qe = pick('qe', c.qualityEstimator, o.useQuality, () => new QualityEstimator({ modalities: M, features: d, seed: seed('qe') }));
    this.heads = pick('heads', c.unimodalHeads, o.useQuality || o.lambdaUni !== null || o.lateFusionPath, () => new UnimodalHeads({ modalities: M, features: d, outFeatures: o.outDim, seed: seed('heads') }));
    this.decoupler = pick('decoupler', c.decoupler, o.useDecoupling, () => new ModalityDecoupler({ modalities: M, features: d, delta: o.delta, seed: seed('dec') }));
    this.baseline = pick('baseline', c.baseline, o.useEnhancer && o.useModalitySpecific, () => new ModalityBaseline({ modalities: M, features: d, beta: o.beta }));
    this.enhancer = pick('enhancer', c.enhancer, o.useEnhancer, () => new QualityEnhancer({
      modalities: M, features: d, keyValueProjection: o.enhancerKvProjection, residual: o.enhancerResidual, qualityWeightedKeys: o.enhancerQualityKeys,
      sampleSpecificKeys: o.useSampleSpecific, modalitySpecificKey: o.useModalitySpecific, seed: seed('enh'),
    }));
    this.fusion = this.addModule('fusion', new MLP({ inFeatures: M * d, hidden: d, outFeatures: d, dropout: o.dropout, seed: seed('fusion') }));
    const gateSide = o.gateSeesQuality && this.qe !== null ? M : 0;
    this.moe = pick('moe', c.moe, o.useMoe, () => new MixtureOfExperts({
      inFeatures: d, sideFeatures: gateSide, numExperts: o.numExperts, topK: o.topK, outFeatures: d, expertHidden: d, renormalize: o.renormalizeTopK,
      gamma: o.gamma, rho: o.rho, lossWeights: { balance: 1, variance: 1, config: o.useCfgLoss ? 1 : 0, push: o.cfgPush ? 1 : 0 }, seed: seed('moe'),
    }));
    this.predictor = this.addModule('predictor', new MLP({ inFeatures: d, hidden: d / 2, outFeatures: o.outDim, seed: seed('predictor') }));
    this.lateWeights = o.lateFusionPath ? this.addModule('lateWeights', new LateFusionWeights({ modalities: M, weighting: o.lateFusionWeighting, task: o.task })) : null;
  }

  /** Encodes every modality: `u [M, B, d]`. */
  encode(batch: ModelBatch, ctx: CallContext): tf.Tensor {
    if (batch.x.length !== this.numModalities) throw new ShapeError(`UMQModel: got ${batch.x.length} modalities, built for ${this.numModalities}`);
    return tf.tidy(() => tf.stack(this.encoders.map((enc, m) => (enc as VectorEncoder).call(batch.x[m], batch.mask[m], ctx)), 0));
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const o = this.options;
    const ctx: CallContext = { training: options.training, rng: options.rng };
    const want = options.computeLosses;
    if (want && options.training && !options.rng) throw new OptionError('UMQModel.forward: training with losses needs options.rng (a seeded Rng)');
    const rng = options.rng ?? new Rng(0);
    return tf.tidy(() => {
      const terms: Record<string, tf.Scalar> = {};
      const Uenc = options.encoded ?? this.encode(batch, ctx); // [M, B, d]
      if (options.encoded && (Uenc.rank !== 3 || Uenc.shape[0] !== this.numModalities || Uenc.shape[2] !== o.d)) {
        throw new ShapeError(`UMQModel.forward: options.encoded must be U [M=${this.numModalities}, B, d=${o.d}], got [${Uenc.shape.join(', ')}]`);
      }
      // what the parts after the encoders read; with encoderGradients 'heads' only the heads train the encoders
      const U = o.encoderGradients === 'heads' ? stopGradient(Uenc) : Uenc;
      const [M, B] = U.shape as [number, number, number];
      let q: tf.Tensor;
      let qLow: tf.Tensor | null = null;
      let qNoise: tf.Tensor | null = null;
      let qEnh: tf.Tensor | null = null;
      let uNoise: tf.Tensor | null = null;
      let uEnh: tf.Tensor | null = null;
      let rEnh: tf.Tensor | null = null;
      let rNoise: tf.Tensor | null = null;
      if (want && (this.enhancer || this.qe)) {
        const a = addNoise(U, rng.tfSeed()); // Eq 19 (for L_noise)
        const e = addNoise(U, rng.tfSeed()); // Eq 19 (for L_enh)
        uNoise = a.noisy;
        rNoise = tf.squeeze(a.rate, [2]); // [M, B]
        uEnh = e.noisy;
        rEnh = tf.squeeze(e.rate, [2]); // [M, B]
      }
      if (this.qe) {
        if (want) {
          const low = tf.randomNormal(U.shape, 0, 1, 'float32', rng.tfSeed()); // Eq 16 ε
          const all = this.qe.call(tf.concat([U, low, uNoise!, uEnh!], 1)); // [M, 4B]
          [q, qLow, qNoise, qEnh] = tf.split(all, 4, 1);
        } else q = this.qe.call(U);
      } else {
        q = tf.ones([M, B]);
        if (want) qEnh = tf.ones([M, B]);
      }
      let qUse = o.qTaskGradient ? q : stopGradient(q);
      let qEnhUse = qEnh ? (o.qTaskGradient ? qEnh : stopGradient(qEnh)) : null;
      let qSel = q;
      if (o.oracleQuality) {
        if (!batch.quality) throw new OptionError('UMQModel: oracleQuality needs batch.quality (the true quality [M, B]); run it under a protocol that reports quality');
        qUse = qSel = batch.quality;
        if (want && rEnh) qEnhUse = tf.mul(batch.quality, tf.sub(1, rEnh));
      }

      // decoupling (Eq 2-6)
      let S: tf.Tensor | null = null;
      let C: tf.Tensor | null = null;
      if (this.decoupler) {
        const dec = this.decoupler.call(U, ctx, { losses: want });
        S = dec.s;
        C = dec.c;
        if (want && dec.losses) {
          terms.L_dec = dec.losses.total;
          terms.L_orth = tf.sum(dec.losses.orth) as tf.Scalar;
          terms.L_mi = tf.sum(dec.losses.mi) as tf.Scalar;
          terms.L_spec = tf.sum(dec.losses.spec) as tf.Scalar;
          terms.L_rec = tf.sum(dec.losses.rec) as tf.Scalar;
        }
      }
      // baseline (Eq 7) and quality enhancer (Eq 8)
      let Ut = U;
      let uEnhOut: tf.Tensor | null = null;
      if (this.enhancer) {
        const b = this.baseline ? this.baseline.call(C ?? U, ctx) : null;
        const enh = this.enhancer.call({ u: U, q: qUse, keys: S ?? U, baseline: b }, ctx);
        Ut = enh.output;
        if (want) uEnhOut = this.enhancer.enhance(uEnh!, qEnhUse!, enh.context, ctx);
      }
      // fusion (Eq 9)
      const h = this.fusion.call(tf.reshape(tf.transpose(Ut, [1, 0, 2]), [B, M * o.d]), ctx); // [B, d]
      // MQ-MoE (Eq 10-14)
      let out: tf.Tensor = h;
      let routing: ModelOutput['routing'];
      const kappa = this.qe || o.oracleQuality ? tf.cast(tf.greater(stopGradient(qSel), o.tau), 'float32').transpose() : null; // [B, M]
      if (this.moe) {
        const side = o.gateSeesQuality && this.qe ? tf.transpose(qUse) : undefined;
        const res = this.moe.call(h, { side, config: kappa ?? undefined, ctx });
        out = res.output;
        routing = { topIndices: res.routing.experts, topWeights: res.routing.weights, gate: res.routing.probs, config: kappa ?? undefined };
        if (want) {
          terms.L_moe = res.losses.total;
          terms.L_bal = res.losses.balance;
          terms.L_var = res.losses.variance;
          terms.L_cfg = res.losses.config;
        }
      }
      let logits = this.predictor.call(out, ctx); // Eq 15
      const fusedLogits = logits;
      let headLogits: tf.Tensor | null = null;
      if (this.heads && (want || o.lateFusionPath)) headLogits = this.heads.call(Uenc, ctx); // [M, B, out]
      if (this.lateWeights && headLogits) {
        const w = this.lateWeights.call(qUse, headLogits); // [M, B], q detached
        logits = tf.add(logits, tf.sum(tf.mul(tf.expandDims(w, -1), headLogits), 0));
      }
      const result: ModelOutput = { logits, terms, quality: this.qe ? q : undefined, routing };
      if (!want) return result as unknown as tf.TensorContainer;

      const lTask = tf.mean(perSampleTaskLoss(logits, batch.y, o.task)) as tf.Scalar;
      terms.L_task = lTask;
      const parts: tf.Tensor[] = [lTask];
      if (this.lateWeights && o.lambdaFusedPath > 0) {
        // the fused path also learns to predict alone, not only the late path's residual
        terms.L_fused = tf.mean(perSampleTaskLoss(fusedLogits, batch.y, o.task)) as tf.Scalar;
        parts.push(tf.mul(terms.L_fused, o.lambdaFusedPath));
      }
      let lUni: tf.Scalar | null = null;
      let ell: tf.Tensor | null = null;
      if (headLogits) {
        ell = perSampleTaskLoss(headLogits, batch.y, o.task); // [M, B]
        lUni = tf.mean(ell) as tf.Scalar;
        terms.L_uni = lUni;
      }
      if (this.qe && ell) {
        const ellNoisy = o.rankGuided ? undefined : stopGradient(perSampleTaskLoss(this.heads!.call(uNoise!, ctx), batch.y, o.task));
        const ql = qualityLosses({ q, qLow: qLow!, qNoisy: qNoise!, ell: stopGradient(ell), ellNoisy }, { theta: o.theta, alpha: o.alpha, mu: o.mu, rankPairs: o.rankPairs, labels: o.rankGuided ? 'rank' : 'absolute' });
        terms.L_low = ql.terms.low;
        terms.L_high = ql.terms.high;
        terms.L_rank = ql.terms.rank;
        terms.L_noise = ql.terms.noise;
        const lQe = o.lambdaUni === null ? tf.add(ql.total, lUni!) : ql.total; // Eq 21 (paper: L_uni inside)
        terms.L_qe = lQe as tf.Scalar;
        parts.push(tf.mul(lQe, o.lambdaQe));
      }
      if (lUni && o.lambdaUni !== null) parts.push(tf.mul(lUni, o.lambdaUni));
      if (this.qe && o.qualitySupervision === 'rank+corruption') {
        // the corruption injected in training is known: regress q onto it (beyond the paper)
        const truth = batch.quality ?? tf.onesLike(q); // [M, B]
        const lq = tf.add(tf.mean(tf.square(tf.sub(q, truth))), tf.mean(tf.square(tf.sub(qNoise!, tf.mul(truth, tf.sub(1, rNoise!))))));
        terms.L_qsup = lq as tf.Scalar;
        parts.push(tf.mul(lq, o.lambdaQualitySupervision));
      }
      if (terms.L_dec) parts.push(tf.mul(terms.L_dec, o.lambdaDec));
      if (uEnhOut) {
        const le = enhancerLoss(uEnhOut, U, qSel, o.tau); // Eq 22
        terms.L_enh = le.loss;
        parts.push(tf.mul(le.loss, o.lambdaEnh));
      }
      if (terms.L_moe) parts.push(tf.mul(terms.L_moe, o.lambdaMoe));
      result.loss = tf.addN(parts) as tf.Scalar; // Eq 23
      return result as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { modalities, ...rest } = this.options;
    return JSON.parse(JSON.stringify({ ...rest, modalities }));
  }
}
tf.serialization.registerClass(UMQModel);

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'components')) as Partial<T>;
}
