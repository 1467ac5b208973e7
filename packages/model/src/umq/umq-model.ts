/**
 * UMQ, assembled: unimodal encoders, quality scoring, decoupling and enhancement, fusion and
 * MQ-MoE, the predictor, and the objective of Eq 23. One training step reads top to bottom in
 * {@link UMQModel.forwardEncoded}; each stage is a function of its own file.
 */
import { tf, Module, MLP, Rng, stopGradient, deriveSeed, perSampleTaskLoss, requireEngine, OptionError, ShapeError, type Seed, type TaskType, type CallContext } from '@umq/core';
import { QualityEstimator, UnimodalHeads } from '@umq/quality';
import { ModalityDecoupler, ModalityBaseline, QualityEnhancer } from '@umq/enhancer';
import { MixtureOfExperts } from '@umq/moe';
import type { EncoderSeparable, ForwardOptions, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { ModalityEncoders } from '../encoders/modality-encoders';
import type { UMQConfig, UMQOverrides } from './options';
import { preset, type PresetName } from './presets';
import { resolveUMQConfig, checkUMQConfig } from './resolve';
import { LateFusionWeights } from './late-fusion-weights';
import { LatePathGate } from './late-path-gate';
import { paperTrainingNoise, type TrainingNoisePart } from './training-noise';
import { scoreQuality } from './stages/quality-stage';
import { enhance } from './stages/enhancement-stage';
import { fuseAndRoute } from './stages/fusion-stage';
import { addLatePath } from './stages/late-path';
import { headAgreement, trustedHeadAgreement } from './consensus';
import { headOutput, headCertainty, checkHeadLoss } from './evidence';
import { umqLossTerms, type UMQLossTerms } from './loss-terms';
import { totalLoss, termsForLog } from './total-loss';
import type { UMQComponents, QualityEstimatorPart, UnimodalHeadsPart, DecouplerPart, BaselinePart, EnhancerPart, MoEPart } from './components';

/** Options of {@link UMQModel}: the data's shape, the hyper-parameters (a preset and overrides), injected parts. */
export interface UMQModelOptions extends UMQOverrides {
  /** The modalities, in input order (any M >= 2). */
  modalities: ModalityInput[];
  /** Task: 'binary' (BCE), 'multiclass' (CE), 'regression' (MSE). */
  task: TaskType;
  /** Outputs: 1 for binary/regression, C for multiclass. */
  outDim: number;
  /** The preset the overrides apply to. Default 'default' (today's default; 'spec' and 'paper' are the others). */
  preset?: PresetName;
  /** Parts to inject in place of the ones built from the options. */
  components?: UMQComponents;
  /**
   * Use the batch's true quality (`batch.quality`, 1 - r) in place of q wherever the model
   * uses q (enhancer input, keys, gate, κ, L_enh rows): an upper bound for diagnostics. The
   * estimator is still trained and reported. Default false.
   */
  oracleQuality?: boolean;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/** What {@link UMQModel.forward} returns: the harness's output plus the typed loss terms. */
export interface UMQOutput extends ModelOutput {
  /** The loss terms (with `losses: 'all'`). */
  lossTerms?: UMQLossTerms;
}

/**
 * The Unified Modality-Quality model.
 *
 * @example
 * ```ts
 * await initEngine();
 * const model = new UMQModel({ modalities: [{ name: 'text', kind: 'vector', dim: 100 }, { name: 'audio', kind: 'vector', dim: 73 }], task: 'binary', outDim: 1 });
 * const out = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' }); // out.loss: Eq 23
 * ```
 */
export class UMQModel extends Module implements EncoderSeparable {
  static override className = 'umq.UMQModel';
  readonly task: TaskType;
  readonly numModalities: number;
  /** The resolved hyper-parameters. */
  readonly config: UMQConfig;
  /** The unimodal encoders (spec section 0, Eq 24-28). */
  readonly encoders: ModalityEncoders;
  private readonly qe: QualityEstimatorPart | null;
  private readonly heads: UnimodalHeadsPart | null;
  private readonly decoupler: DecouplerPart | null;
  private readonly baseline: BaselinePart | null;
  private readonly enhancer: EnhancerPart | null;
  private readonly fusion: MLP;
  private readonly moe: MoEPart | null;
  private readonly predictor: MLP;
  private readonly lateWeights: LateFusionWeights | null;
  private readonly lateGate: LatePathGate | null;
  private readonly noise: TrainingNoisePart;
  private readonly shape: { modalities: ModalityInput[]; outDim: number; seed: Seed; oracleQuality: boolean; preset: PresetName };

  constructor(options: UMQModelOptions) {
    super();
    requireEngine();
    const { modalities, task, outDim, preset: presetName = 'default', components: c = {}, oracleQuality = false, seed = 0, ...overrides } = options;
    const M = modalities.length;
    if (M < 2) throw new OptionError(`UMQModel needs at least 2 modalities, got ${M}: use a unimodal model for one`);
    if (!['binary', 'multiclass', 'regression'].includes(task)) throw new OptionError(`UMQModel.task must be 'binary', 'multiclass' or 'regression', got ${JSON.stringify(task)}`);
    const o = resolveUMQConfig(overrides, preset(presetName).model);
    checkUMQConfig(o);
    checkHeadLoss(o.encoders.headLoss, task);
    this.config = o;
    this.shape = { modalities, outDim, seed, oracleQuality, preset: presetName };
    this.task = task;
    this.numModalities = M;
    const d = o.d;
    const s = (label: string) => deriveSeed(seed, label);
    const part = <T extends Module>(name: string, group: unknown, given: T | undefined, build: () => T): T | null => {
      if (group === null && given) throw new OptionError(`UMQModel: components.${name} was given but its options group is null (left out): drop one of the two`);
      const p = group === null ? null : (given ?? build());
      return p ? this.addModule(name, p) : null;
    };
    this.encoders = this.addModule('encoders', new ModalityEncoders({ modalities, d, dropout: o.dropout, ...o.encoders, seed }));
    this.qe = part('qe', o.quality, c.qualityEstimator, () => new QualityEstimator({ modalities: M, features: d, seed: s('qe') }));
    const needsHeads = o.quality !== null || o.lossWeights.uni !== null || o.lateFusion !== null || c.unimodalHeads !== undefined;
    this.heads = part('heads', needsHeads ? {} : null, c.unimodalHeads, () => new UnimodalHeads({ modalities: M, features: d, outFeatures: outDim, seed: s('heads') }));
    this.decoupler = part('decoupler', o.decoupling, c.decoupler, () => new ModalityDecoupler({ modalities: M, features: d, delta: o.decoupling!.delta, seed: s('dec') }));
    this.baseline = part('baseline', o.enhancer && o.baseline, c.baseline, () => new ModalityBaseline({ modalities: M, features: d, beta: o.baseline!.beta }));
    this.enhancer = part('enhancer', o.enhancer, c.enhancer, () => new QualityEnhancer({ modalities: M, features: d, ...o.enhancer!, modalitySpecificKey: o.baseline !== null, seed: s('enh') }));
    this.fusion = this.addModule('fusion', new MLP({ inFeatures: M * d, hidden: d, outFeatures: d, dropout: o.dropout, seed: s('fusion') }));
    const moe = o.moe;
    this.moe = part('moe', moe, c.moe, () => new MixtureOfExperts({
      inFeatures: d, sideFeatures: moe!.gateSeesQuality && this.qe !== null ? M : 0, numExperts: moe!.numExperts, topK: moe!.topK, outFeatures: d, expertHidden: d,
      renormalize: moe!.renormalize, gamma: moe!.gamma, rho: moe!.rho, lossWeights: moe!.lossWeights, seed: s('moe'),
    }));
    this.predictor = this.addModule('predictor', new MLP({ inFeatures: d, hidden: d / 2, outFeatures: outDim, seed: s('predictor') }));
    this.lateWeights = o.lateFusion ? this.addModule('lateWeights', new LateFusionWeights({ modalities: M, weighting: o.lateFusion.weighting, task, power: o.lateFusion.power })) : null;
    this.lateGate = o.lateFusion?.mix === 'gate' ? this.addModule('lateGate', new LatePathGate({ modalities: M })) : null;
    this.noise = c.trainingNoise ?? paperTrainingNoise;
  }

  /** One forward pass: encode every modality (Eq 24-28), then {@link UMQModel.forwardEncoded}. */
  forward(batch: ModelBatch, options: ForwardOptions): UMQOutput {
    if (batch.x.length !== this.numModalities) throw new ShapeError(`UMQModel: got ${batch.x.length} modalities, built for ${this.numModalities}`);
    return tf.tidy(() => this.forwardEncoded(this.encoders.encode(batch.x, batch.mask, options), batch, options) as unknown as tf.TensorContainer) as unknown as UMQOutput;
  }

  /** The forward pass from the unimodal representations `u [M, B, d]`, stage by stage. */
  forwardEncoded(encoded: tf.Tensor, batch: ModelBatch, options: ForwardOptions): UMQOutput {
    const o = this.config;
    const ctx: CallContext = { training: options.training, rng: options.rng };
    const all = options.losses === 'all';
    if (all && options.training && !options.rng) throw new OptionError("UMQModel.forward: training with losses: 'all' needs options.rng (a seeded Rng)");
    if (encoded.rank !== 3 || encoded.shape[0] !== this.numModalities || encoded.shape[2] !== o.d) throw new ShapeError(`UMQModel.forwardEncoded: u must be [M=${this.numModalities}, B, d=${o.d}], got [${encoded.shape.join(', ')}]`);
    if (this.shape.oracleQuality && !batch.quality) throw new OptionError('UMQModel: oracleQuality needs batch.quality (the true quality [M, B]); run it under a protocol that reports quality');
    return tf.tidy(() => {
      // with encoders.gradients 'heads' only the unimodal heads train the encoders
      const u = o.encoders.gradients === 'heads' ? stopGradient(encoded) : encoded; // [M, B, d]
      // training draws: pure noise (Eq 16) and AddNoise copies (Eq 19)
      const draws = all && (this.enhancer || this.qe) ? this.noise.draw(u, options.rng ?? new Rng(0), this.qe !== null) : null;
      // the unimodal heads (spec section 8): their losses train the estimator; beyond the paper they feed the late path and the consensus
      const consensus = o.quality?.consensus ?? 0;
      const evidence = o.quality?.evidence ?? 0;
      const headLoss = o.encoders.headLoss;
      const headLogits = this.heads && (all || this.lateWeights || consensus > 0 || evidence > 0) ? headOutput(this.heads.call(encoded, ctx), headLoss) : null; // [M, B, out]
      // 1. quality scoring (Eq 1)
      const quality = scoreQuality(this.qe, u, draws, {
        taskGradient: o.quality?.taskGradient ?? false, oracle: this.shape.oracleQuality ? batch.quality! : null,
        teacher: options.training && o.quality?.teacherForcing && batch.quality ? batch.quality : null,
        snap: o.quality?.snap ?? 0,
        consensus: consensus > 0 && headLogits
          ? { agreement: o.quality!.consensusTrust ? (q: tf.Tensor) => trustedHeadAgreement(headLogits, q, this.task) : headAgreement(headLogits, this.task), power: consensus }
          : null,
        evidence: evidence > 0 && headLogits ? { certainty: headCertainty(headLogits, this.task, headLoss), power: evidence } : null,
      });
      // 2. decoupling, baseline and enhancement (Eq 2-8)
      const enhanced = enhance(
        { decoupler: this.decoupler, baseline: this.baseline, enhancer: this.enhancer },
        { u, q: quality.used, corrupted: draws ? { u: draws.forEnhancer.u, q: quality.auxiliary!.enhancerInput } : null, losses: all },
        ctx,
      );
      // 3. fusion, MQ-MoE and the predictor (Eq 9-15)
      const hasQuality = this.qe !== null || this.shape.oracleQuality;
      const fused = fuseAndRoute(
        { fusion: this.fusion, moe: this.moe, predictor: this.predictor },
        { u: enhanced.u, gateQuality: o.moe?.gateSeesQuality && this.qe ? quality.used : null, configQuality: hasQuality ? quality.selecting : null, tau: o.quality?.tau ?? 0.5, losses: all },
        ctx,
      );
      // beyond the paper: the quality-weighted late-fusion path over the unimodal heads
      const logits = this.lateWeights && headLogits ? addLatePath(fused.logits, this.lateWeights, quality.used, headLogits, this.lateGate) : fused.logits;
      const out: UMQOutput = { logits, terms: {}, quality: this.qe ? quality.q : undefined, routing: fused.routing };
      if (options.losses === 'none') return out as unknown as tf.TensorContainer;
      if (options.losses === 'task') {
        out.loss = out.terms.L_task = tf.mean(perSampleTaskLoss(logits, batch.y, this.task)) as tf.Scalar;
        return out as unknown as tf.TensorContainer;
      }
      // 4. the loss terms (Eq 2-6, 12-22) and the objective (Eq 23)
      const terms = umqLossTerms({
        task: this.task, y: batch.y, logits, fusedLogits: this.lateWeights && o.lossWeights.fusedPath > 0 ? fused.logits : null,
        headLogits, noisyHeadLogits: this.qe && headLogits && o.quality!.labels === 'absolute' ? headOutput(this.heads!.call(draws!.forNoiseRank.u, ctx), headLoss) : null,
        headLoss, headWeighting: o.encoders.headWeighting, epoch: options.epoch,
        quality, qualityOptions: o.quality, draws: draws!, trueQuality: batch.quality, u, restored: enhanced.restored, decoupling: enhanced.decoupling, moe: fused.moeLosses,
      });
      out.lossTerms = terms;
      out.terms = termsForLog(terms, o.lossWeights);
      out.loss = totalLoss(terms, o.lossWeights);
      return out as unknown as tf.TensorContainer;
    }) as unknown as UMQOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { modalities, outDim, seed, oracleQuality, preset: p } = this.shape;
    return JSON.parse(JSON.stringify({ modalities, task: this.task, outDim, seed, oracleQuality, preset: p, ...this.config }));
  }
}
tf.serialization.registerClass(UMQModel);
