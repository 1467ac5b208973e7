/**
 * How a worker thread rebuilds "the same model" as the main thread's: a recipe that is plain
 * data (it crosses threads), either a registered class and its `getConfig()` (every model of
 * the harness: UMQ and the baselines), or a module and the name of a factory it exports (a model
 * with injected parts, or a user's own class). The worker checks what it built against the
 * main thread's parameter names and shapes ({@link modelSignature}); its weights then come from
 * the main thread.
 */
import { tf, OptionError, StateError } from '@umq/core';
import type { HarnessModel } from '../../types';

/** A model as data, for a worker to rebuild. */
export type ModelRecipe =
  | {
      /** A class registered with `tf.serialization.registerClass`, built by its `fromConfig`. */
      kind: 'class';
      /** Its `className`, e.g. `'umq.UMQModel'`. */
      className: string;
      /** Its `getConfig()`. */
      config: tf.serialization.ConfigDict;
    }
  | {
      /** A module that exports a factory `(args) => HarnessModel` (or a promise of one). */
      kind: 'module';
      /** The module's URL or specifier, as `import()` takes it in the worker (`import.meta.resolve('./my-model.js')`). */
      module: string;
      /** The name of the exported factory. */
      export: string;
      /** Its argument (structured-clonable). */
      args?: unknown;
    };

/**
 * The recipe of a model of a registered class: its class name and `getConfig()`.
 *
 * @example
 * ```ts
 * const recipe = recipeOf(buildModel('umq', ds, { seed: 1 })); // { kind: 'class', className: 'umq.UMQModel', config }
 * ```
 */
export function recipeOf(model: HarnessModel): ModelRecipe {
  const className = (model.constructor as { className?: string }).className;
  if (!className || !(className in tf.serialization.SerializationMap.getMap().classNameMap)) {
    throw new OptionError(`data-parallel training: ${model.constructor.name} is not a registered class, so a worker cannot rebuild it: register it (tf.serialization.registerClass) in a module the worker imports, or pass { replica: { kind: 'module', module, export } } naming a factory that builds it`);
  }
  return { kind: 'class', className, config: model.getConfig() };
}

/**
 * Builds the model a recipe describes (in a worker thread).
 *
 * @example
 * ```ts
 * const replica = await buildFromRecipe({ kind: 'class', className: 'umq.LateFusion', config });
 * ```
 */
export async function buildFromRecipe(recipe: ModelRecipe): Promise<HarnessModel> {
  if (recipe.kind === 'class') {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[recipe.className];
    if (!entry) throw new StateError(`no class ${JSON.stringify(recipe.className)} is registered in the worker: register it in a module the worker imports, or use a { kind: 'module' } recipe`);
    const [cls, fromConfig] = entry;
    return fromConfig(cls, recipe.config) as unknown as HarnessModel;
  }
  const mod = (await import(recipe.module)) as Record<string, unknown>;
  const factory = mod[recipe.export];
  if (typeof factory !== 'function') throw new StateError(`${recipe.module} exports no function ${JSON.stringify(recipe.export)}: the recipe must name a factory (args) => model`);
  return (await (factory as (args: unknown) => HarnessModel | Promise<HarnessModel>)(recipe.args)) as HarnessModel;
}

/**
 * Every parameter and buffer as `name[shape]`, in state order: what two threads compare to know
 * they built the same model.
 *
 * @example
 * ```ts
 * modelSignature(model); // ['encoders.0.net.l1.weight[8,16]', ...]
 * ```
 */
export function modelSignature(model: HarnessModel): string[] {
  return Object.entries(model.stateDict()).map(([n, v]) => `${n}[${v.shape.join(',')}]`);
}
