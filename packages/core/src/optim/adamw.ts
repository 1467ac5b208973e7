/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019) as a tfjs
 * optimizer, with exactly the update of PyTorch 1.13 `torch.optim.AdamW` (amsgrad off), and
 * the coupled L2 mode of `torch.optim.Adam(weight_decay=...)` as an option.
 * The stock `tf.train.adam` has no decoupled weight decay and keys its moments by position
 * rather than by variable, so the UMQ packages use this class instead.
 */
import { tf } from '../tf';
import { OptionError, ShapeError, StateError } from '../errors';
import { assertNumberInRange } from '../validate';
import { useSimdKernel } from '../kernels/choice';
import { wasmAdamWAvailable, wasmAdamWStep } from '../kernels/wasm-adamw';
import { readValues, tensorFromFill } from '../kernels/backend-heap';

/**
 * How weight decay λ enters the update: `'decoupled'` (AdamW, `torch.optim.AdamW`: the
 * parameter is shrunk by `1 − ηλ` outside the moments) or `'coupled'` (L2 regularisation,
 * `torch.optim.Adam(weight_decay=λ)`: `λ·p` is added to the gradient before the moments, so it
 * is rescaled by Adam's denominator like the loss gradient).
 */
export type WeightDecayMode = 'decoupled' | 'coupled';

/** Options of {@link AdamW}. Defaults are PyTorch's. */
export interface AdamWOptions {
  /** Step size η. Default 1e-3 (PyTorch). The paper's UMQ runs use 1e-5 or 5e-6 (spec table). Settable between steps. */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v̂ in the denominator, > 0. Default 1e-8. */
  epsilon?: number;
  /** Weight decay λ, ≥ 0 (how it applies: {@link AdamWOptions.weightDecayMode}). Default 1e-2. */
  weightDecay?: number;
  /**
   * `'decoupled'` (AdamW: p ← p·(1 − η·λ)) or `'coupled'` (PyTorch `Adam`'s L2: g ← g + λ·p
   * before the moments; the recipe of TMC, RCML and most evidential multi-view code, e.g.
   * `Adam(lr=3e-3, weight_decay=1e-5)`). Default `'decoupled'`.
   */
  weightDecayMode?: WeightDecayMode;
  /**
   * Variables excluded from weight decay (biases, LayerNorm gains): return true to skip decay
   * for that variable. Default: decay every variable. Called once per variable, on its first step.
   */
  noDecay?: (variable: tf.Variable, name: string) => boolean;
}

/** A tensor with a name, as tfjs optimizers exchange gradients and weights. */
export interface NamedTensor {
  /** Variable name (gradients) or state entry name (`<variable>/m`). */
  name: string;
  /** The value. */
  tensor: tf.Tensor;
}

/**
 * One moment (m or v) of a variable, held where the route that updates it needs it: a host
 * array for the SIMD kernel (no tensor to read back and rebuild every step), a tfjs variable for
 * the tfjs-op route. It moves on the first step of the other route.
 */
class Moment {
  private host: Float32Array | null = null;
  private tensor: tf.Variable | null = null;

  private constructor(private readonly shape: number[]) {}

  /** Zeros of `shape`, on the host (`onHost`) or as a tfjs variable. */
  static zeros(shape: number[], onHost: boolean): Moment {
    const mo = new Moment(shape);
    if (onHost) mo.host = new Float32Array(shape.reduce((a, b) => a * b, 1));
    else mo.tensor = tf.tidy(() => tf.variable(tf.zeros(shape, 'float32'), false));
    return mo;
  }

  /** A moment holding `values` (float32; copied, the caller keeps `values`). */
  static of(values: tf.Tensor): Moment {
    const mo = new Moment(values.shape);
    mo.tensor = tf.tidy(() => tf.variable(values.dtype === 'float32' ? values : tf.cast(values, 'float32'), false));
    return mo;
  }

  /** The values as a host array the SIMD kernel updates in place. */
  hostArray(): Float32Array {
    if (!this.host) {
      this.host = (this.tensor!.dataSync() as Float32Array).slice();
      this.tensor!.dispose();
      this.tensor = null;
    }
    return this.host;
  }

  /** The values as a tfjs variable the tfjs-op route assigns. */
  variable(): tf.Variable {
    if (!this.tensor) {
      this.tensor = tf.tidy(() => tf.variable(tf.tensor(this.host!, this.shape, 'float32'), false));
      this.host = null;
    }
    return this.tensor;
  }

  /** A new tensor with the values (owned by the caller). */
  copy(): tf.Tensor {
    return this.host ? tf.tensor(this.host.slice(), this.shape, 'float32') : tf.clone(this.tensor!);
  }

  dispose(): void {
    this.tensor?.dispose();
    this.tensor = null;
    this.host = null;
  }
}

interface SlotState {
  m: Moment;
  v: Moment;
  step: number;
  decay: boolean;
}

/**
 * AdamW with decoupled weight decay, identical to PyTorch 1.13 `torch.optim.AdamW`. Per
 * variable p with gradient g, at its step t (Algorithm 2 of the paper):
 * `p ← p·(1 − ηλ)`; `m ← β1·m + (1−β1)·g`; `v ← β2·v + (1−β2)·g²`;
 * `p ← p − (η / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)`.
 * With `weightDecayMode: 'coupled'` it is PyTorch 1.13 `torch.optim.Adam` instead: no
 * decoupled shrink, and `g ← g + λ·p` before the moments.
 * Variables whose gradient is missing are skipped entirely (no decay, step count unchanged),
 * as in PyTorch. State is keyed by variable name, so the order of gradients does not matter.
 *
 * @example
 * ```ts
 * const w = tf.variable(tf.randomNormal([4, 2]));
 * const opt = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 * for (let step = 0; step < 100; step++) {
 *   opt.learningRate = schedule(step);
 *   opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
 * }
 * opt.dispose();
 * ```
 */
export class AdamW extends tf.Optimizer {
  /** Registered class name (tfjs serialization). */
  static className = 'umq.AdamW';
  private lr: number;
  /** First-moment decay β1. */
  readonly beta1: number;
  /** Second-moment decay β2. */
  readonly beta2: number;
  /** Denominator guard ε. */
  readonly epsilon: number;
  /** Weight decay λ. */
  readonly weightDecay: number;
  /** How λ applies: decoupled (AdamW) or coupled (Adam's L2). */
  readonly weightDecayMode: WeightDecayMode;
  private readonly noDecay: ((variable: tf.Variable, name: string) => boolean) | undefined;
  private readonly slots = new Map<string, SlotState>();

  constructor(options: AdamWOptions = {}) {
    super();
    this.lr = AdamW.checkLr(options.learningRate ?? 1e-3);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 1e-2;
    this.weightDecayMode = options.weightDecayMode ?? 'decoupled';
    assertNumberInRange('AdamW beta1', this.beta1, 0, 1, 'use e.g. 0.9');
    assertNumberInRange('AdamW beta2', this.beta2, 0, 1, 'use e.g. 0.999');
    if (this.beta1 >= 1 || this.beta2 >= 1) throw new OptionError(`AdamW betas must be in [0, 1), got beta1=${this.beta1}, beta2=${this.beta2}: use e.g. 0.9 and 0.999`);
    if (!(this.epsilon > 0) || !Number.isFinite(this.epsilon)) throw new OptionError(`AdamW epsilon must be a finite number > 0, got ${this.epsilon}: use e.g. 1e-8`);
    if (!(this.weightDecay >= 0) || !Number.isFinite(this.weightDecay)) throw new OptionError(`AdamW weightDecay must be a finite number >= 0, got ${this.weightDecay}: use 0 to disable it`);
    if (this.weightDecayMode !== 'decoupled' && this.weightDecayMode !== 'coupled') {
      throw new OptionError(`AdamW weightDecayMode must be 'decoupled' (AdamW) or 'coupled' (Adam's L2), got ${JSON.stringify(this.weightDecayMode)}`);
    }
    this.noDecay = options.noDecay;
  }

  private static checkLr(lr: number): number {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new OptionError(`AdamW learningRate must be a finite number >= 0, got ${String(lr)}: pass e.g. 1e-3`);
    }
    return lr;
  }

  /** The current learning rate η; assign a new value between steps (schedules). */
  get learningRate(): number {
    return this.lr;
  }

  /** Sets η for the following steps (finite, >= 0; checked). */
  set learningRate(value: number) {
    this.lr = AdamW.checkLr(value);
  }

  /** Steps taken by `variable` so far (0 before its first update). */
  stepOf(variable: tf.Variable): number {
    return this.slots.get(variable.name)?.step ?? 0;
  }

  /**
   * Applies one AdamW step to every variable that has a gradient.
   *
   * @param variableGradients gradients by variable name (as `tf.variableGrads` returns them),
   *   or `[{ name, tensor }]`; the caller keeps ownership of the gradient tensors.
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const registry = tf.engine().registeredVariables;
    const lr = this.lr;
    const simd = useSimdKernel('float32', wasmAdamWAvailable);
    tf.tidy(() => {
      for (const [name, grad] of entries) {
        if (grad == null) continue;
        const p = registry[name];
        if (!p) throw new StateError(`AdamW.applyGradients: no variable named ${JSON.stringify(name)} is registered: pass gradients keyed by variable name (tf.variableGrads does this)`);
        if (grad.shape.length !== p.shape.length || grad.shape.some((d, i) => d !== p.shape[i])) {
          throw new ShapeError(`AdamW.applyGradients: gradient of ${name} has shape [${grad.shape.join(', ')}], the variable [${p.shape.join(', ')}]: pass a gradient of the variable's shape`);
        }
        if (p.dtype !== 'float32') throw new StateError(`AdamW.applyGradients: variable ${name} has dtype ${p.dtype}; only float32 variables can be optimized (mark it non-trainable)`);
        let s = this.slots.get(name);
        if (!s) {
          s = {
            m: Moment.zeros(p.shape, simd),
            v: Moment.zeros(p.shape, simd),
            step: 0,
            decay: !(this.noDecay?.(p, name) ?? false),
          };
          this.slots.set(name, s);
        }
        s.step += 1;
        const raw = grad.dtype === 'float32' ? grad : tf.cast(grad, 'float32');
        const bc1 = 1 - Math.pow(this.beta1, s.step);
        const bc2Sqrt = Math.sqrt(1 - Math.pow(this.beta2, s.step));
        const decays = s.decay && this.weightDecay !== 0;
        const coupled = decays && this.weightDecayMode === 'coupled';
        const applyDecay = decays && !coupled;
        if (simd) {
          // The same operations in the same order, in one SIMD kernel call (the coupled L2 term is
          // added to the gradient first, in float32, as torch.optim.Adam does); p and g are read in
          // the backend's memory, the new values written into the new tensor's; the moments stay on
          // the host between steps.
          const m = s.m.hostArray();
          const v = s.v.hostArray();
          p.assign(tensorFromFill(p.shape, (out) => {
            const pHost = readValues(p);
            let gHost = readValues(raw);
            if (coupled) gHost = addScaled(gHost, pHost, this.weightDecay);
            wasmAdamWStep(pHost, gHost, m, v, {
              decay: 1 - lr * this.weightDecay, applyDecay,
              beta1: this.beta1, beta2: this.beta2, bc2Sqrt, epsilon: this.epsilon, stepSize: lr / bc1,
            }, out);
          }));
          continue;
        }
        // PyTorch 1.13 _single_tensor_adamw (or _single_tensor_adam when coupled), in the same order of operations.
        const g = coupled ? tf.add(raw, tf.mul(p, this.weightDecay)) : raw;
        const decayed = applyDecay ? tf.mul(p, 1 - lr * this.weightDecay) : p;
        const mVar = s.m.variable();
        const vVar = s.v.variable();
        const m = tf.add(tf.mul(mVar, this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(vVar, this.beta2), tf.mul(tf.mul(g, g), 1 - this.beta2));
        const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), this.epsilon);
        const next = tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1));
        mVar.assign(m);
        vVar.assign(v);
        p.assign(next);
      }
    });
    this.incrementIterations();
  }

  /** Frees the moments. */
  override dispose(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }

  /**
   * The optimizer state for checkpoints: `iter` (int32 scalar), then per variable
   * `<name>/m`, `<name>/v` (float32, its shape) and `<name>/step` (int32 scalar). Every tensor
   * returned is new and owned by the caller: dispose them after saving.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    return this.getWeightsSync();
  }

  /** Synchronous {@link AdamW.getWeights}. */
  getWeightsSync(): NamedTensor[] {
    const out: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }];
    for (const [name, s] of this.slots) {
      out.push({ name: `${name}/m`, tensor: s.m.copy() });
      out.push({ name: `${name}/v`, tensor: s.v.copy() });
      out.push({ name: `${name}/step`, tensor: tf.scalar(s.step, 'int32') });
    }
    return out;
  }

  /**
   * Replaces the whole optimizer state with values from {@link AdamW.getWeights} (names refer
   * to the variables of this process). The tensors stay owned by the caller.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    this.setWeightsSync(weightValues);
  }

  /** Synchronous {@link AdamW.setWeights}. */
  setWeightsSync(weightValues: NamedTensor[]): void {
    const byName = new Map(weightValues.map((w) => [w.name, w.tensor]));
    const iter = byName.get('iter');
    const registry = tf.engine().registeredVariables;
    const fresh = new Map<string, SlotState>();
    try {
      for (const [key, t] of byName) {
        if (key === 'iter' || !key.endsWith('/m')) continue;
        const name = key.slice(0, -2);
        const v = byName.get(`${name}/v`);
        const step = byName.get(`${name}/step`);
        if (!v || !step) throw new StateError(`AdamW.setWeights: ${name}/m has no matching ${name}/v and ${name}/step: pass the complete list from getWeights()`);
        const p = registry[name];
        if (!p) throw new StateError(`AdamW.setWeights: no variable named ${JSON.stringify(name)} is registered: the state belongs to other variables (use loadOptimizerState to map by module parameter names)`);
        for (const [what, x] of [['m', t], ['v', v]] as const) {
          if (x.shape.length !== p.shape.length || x.shape.some((d, i) => d !== p.shape[i])) {
            throw new StateError(`AdamW.setWeights: ${name}/${what} has shape [${x.shape.join(', ')}] but the variable has [${p.shape.join(', ')}]: the state was saved for a different model`);
          }
        }
        const stepValue = step.dataSync()[0];
        if (!Number.isInteger(stepValue) || stepValue < 0) throw new StateError(`AdamW.setWeights: ${name}/step must be a non-negative integer, got ${stepValue}`);
        fresh.set(name, {
          m: Moment.of(t),
          v: Moment.of(v),
          step: stepValue,
          decay: !(this.noDecay?.(p, name) ?? false),
        });
      }
    } catch (e) {
      for (const s of fresh.values()) {
        s.m.dispose();
        s.v.dispose();
      }
      throw e;
    }
    this.dispose();
    for (const [k, s] of fresh) this.slots.set(k, s);
    this.iterations_ = iter ? iter.dataSync()[0] : Math.max(0, ...[...fresh.values()].map((s) => s.step));
  }

  /** The serializable configuration (tfjs convention); `noDecay` is code and is not included. */
  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay, weightDecayMode: this.weightDecayMode };
  }

  /** Rebuilds an AdamW from {@link AdamW.getConfig} (tfjs convention). */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config as AdamWOptions);
  }
}
tf.serialization.registerClass(AdamW);

/** `g + λ·p` in float32 (a new array): the coupled L2 gradient of `torch.optim.Adam`. */
function addScaled(g: Float32Array, p: Float32Array, lambda: number): Float32Array {
  const out = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i] + Math.fround(lambda * p[i]);
  return out;
}
