/**
 * `Module`: the base of every trainable component in the `@umq/*` packages, in the spirit of
 * PyTorch's `nn.Module` on top of tfjs. A module owns named parameters (trainable
 * `tf.Variable`s), named buffers (non-trainable state such as an EMA, saved with the model)
 * and child modules; `stateDict()` lists all of them under dotted names, so state moves to
 * safetensors and back. Subclasses are serializable the tfjs way: `static className` with a
 * package prefix, `getConfig()`, and `tf.serialization.registerClass(Sub)` after the class.
 */
import { tf } from '../tf';
import type { DerivedTensor } from './derived-tensor';
import { StateError } from '../errors';
import type { Rng } from '../random';

/** Everything a forward pass needs besides its inputs: passed explicitly, never global. */
export interface CallContext {
  /** Training mode: dropout active, buffers (EMA) updated. */
  training: boolean;
  /** Source of dropout and other per-call randomness; required when `training` is true. */
  rng?: Rng;
}

/**
 * The evaluation context: no dropout, no buffer updates.
 *
 * @example
 * ```ts
 * const mlp = new MLP({ inFeatures: 4, hidden: 8, outFeatures: 2 });
 * const y = mlp.call(tf.ones([3, 4]), EVAL); // no dropout
 * ```
 */
export const EVAL: CallContext = Object.freeze({ training: false });

/**
 * Base class of trainable components.
 *
 * @example
 * ```ts
 * class Scale extends Module {
 *   static override className = 'my.Scale';
 *   readonly w = this.addParameter('w', tf.ones([1]));
 *   call(x: tf.Tensor) { return tf.mul(x, this.w); }
 *   getConfig() { return {}; }
 * }
 * tf.serialization.registerClass(Scale);
 * ```
 */
export abstract class Module extends tf.serialization.Serializable {
  /** Registered class name (tfjs serialization); subclasses override it with a package prefix. */
  static className = 'umq.Module';
  private readonly _params = new Map<string, tf.Variable>();
  private readonly _buffers = new Map<string, tf.Variable>();
  private readonly _children = new Map<string, Module>();
  private readonly _derived: DerivedTensor[] = [];

  /** Registers a trainable parameter (takes ownership of `value`). */
  protected addParameter(name: string, value: tf.Tensor, trainable = true): tf.Variable {
    this.checkName(name);
    const v = tf.variable(value, trainable);
    value.dispose();
    this._params.set(name, v);
    return v;
  }

  /** Registers a non-trainable buffer saved with the state (takes ownership of `value`). */
  protected addBuffer(name: string, value: tf.Tensor): tf.Variable {
    this.checkName(name);
    const v = tf.variable(value, false);
    value.dispose();
    this._buffers.set(name, v);
    return v;
  }

  /**
   * Registers a tensor derived from this module's parameters (e.g. a regrouped weight) that
   * inference keeps between calls; freed by {@link Module.clearCaches} and {@link Module.dispose}. Returns it.
   */
  protected addDerived(derived: DerivedTensor): DerivedTensor {
    this._derived.push(derived);
    return derived;
  }

  /**
   * Frees the tensors this module and its children keep to speed up inference (a
   * {@link DerivedTensor} each, at most one tensor apiece; the next inference call makes them
   * again). For exact tensor counts in leak checks, or to release memory between uses.
   *
   * @example
   * ```ts
   * model.forward(batch, { training: false, losses: 'none' }); // may keep a regrouped expert weight
   * model.clearCaches(); // tf.memory().numTensors is back to the parameters and buffers
   * ```
   */
  clearCaches(): void {
    for (const d of this._derived) d.dispose();
    for (const c of this._children.values()) c.clearCaches();
  }

  /** Registers a child module under `name`; returns it. */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this._children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new StateError(`module entry name ${JSON.stringify(name)} must match [A-Za-z0-9_]+`);
    if (this._params.has(name) || this._buffers.has(name) || this._children.has(name)) {
      throw new StateError(`module entry ${JSON.stringify(name)} is registered twice in ${this.getClassName()}`);
    }
  }

  /** Child modules by name. */
  children(): ReadonlyMap<string, Module> {
    return this._children;
  }

  /** Every trainable parameter, with its dotted name (`encoders.0.weight`). */
  namedParameters(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [n, v] of this._params) if (v.trainable) out.push([prefix + n, v]);
    for (const [n, c] of this._children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Every trainable parameter. */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Every buffer, with its dotted name. */
  namedBuffers(prefix = ''): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [n, v] of this._buffers) out.push([prefix + n, v]);
    for (const [n, c] of this._children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** The number of trainable scalars. */
  numParameters(): number {
    return this.parameters().reduce((s, v) => s + v.size, 0);
  }

  /** Parameters and buffers under dotted names (the variables themselves, not copies). */
  stateDict(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    const walk = (m: Module, prefix: string): void => {
      for (const [n, v] of m._params) out[prefix + n] = v;
      for (const [n, v] of m._buffers) out[prefix + n] = v;
      for (const [n, c] of m._children) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /**
   * Assigns saved values to parameters and buffers. With `strict` (default), a missing or
   * unexpected name is a {@link StateError}; a shape mismatch always is.
   */
  loadStateDict(state: Record<string, tf.Tensor>, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    if (strict) {
      const missing = Object.keys(own).filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !(k in own));
      if (missing.length || unexpected.length) {
        throw new StateError(
          `state does not match ${this.getClassName()}: ` +
            (missing.length ? `missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}` : '') +
            (missing.length && unexpected.length ? '; ' : '') +
            (unexpected.length ? `unexpected ${unexpected.slice(0, 5).join(', ')}${unexpected.length > 5 ? ` (+${unexpected.length - 5})` : ''}` : '') +
            ': load into a model built with the same config, or pass { strict: false }',
        );
      }
    }
    for (const [k, v] of Object.entries(own)) {
      const s = state[k];
      if (!s) continue;
      if (s.shape.length !== v.shape.length || s.shape.some((d, i) => d !== v.shape[i])) {
        throw new StateError(`\`${k}\` has shape [${s.shape.join(', ')}] in the saved state but [${v.shape.join(', ')}] in the model: rebuild the model with the config it was saved with`);
      }
      v.assign(s.dtype === v.dtype ? s : tf.cast(s, v.dtype));
    }
  }

  /** Frees every parameter, buffer and kept derived tensor of this module and its children. */
  dispose(): void {
    for (const d of this._derived) d.dispose();
    for (const v of this._params.values()) v.dispose();
    for (const v of this._buffers.values()) v.dispose();
    for (const c of this._children.values()) c.dispose();
  }

  /** The serializable configuration (tfjs convention). */
  abstract override getConfig(): tf.serialization.ConfigDict;
}
