/**
 * Model state as bytes: `model.safetensors` (every parameter and buffer of a {@link Module},
 * under its dotted name) and `config.json` (the options it was built with). Pure: works in a
 * browser on fetched bytes; the folder functions (`saveModuleState`, `loadModuleState`,
 * `readModuleConfig`) are in `@umq/core/node`.
 */
import { tf } from '../tf';
import { DataFormatError, OptionError, StateError } from '../errors';
import type { Module } from '../nn/module';
import { decodeSafetensors, decodedToTensor, encodeSafetensors } from './safetensors';
import type { DecodedTensor } from './safetensors';
import type { SafetensorsDtype } from './safetensors-dtypes';

/**
 * File name of the weights inside a checkpoint folder.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch(`/model/${MODEL_FILE}`)).arrayBuffer());
 * ```
 */
export const MODEL_FILE = 'model.safetensors';
/**
 * File name of the model configuration inside a checkpoint folder.
 *
 * @example
 * ```ts
 * const config = parseModuleConfig(await (await fetch(`/model/${CONFIG_FILE}`)).text());
 * ```
 */
export const CONFIG_FILE = 'config.json';

/** Options of {@link loadModuleStateFromBytes} and of `loadModuleState` (`@umq/core/node`). */
export interface LoadModuleStateOptions {
  /**
   * Require the saved names and the module's names to match exactly. Default true. With
   * false, missing entries keep their current values and unexpected ones are ignored (both are
   * reported); shapes and dtypes are always checked.
   */
  strict?: boolean;
  /** The file or URL named in error messages. Default `'model.safetensors'` (the folder loader passes the path). */
  source?: string;
  /** Maps a name in the file to the module's name for it (e.g. after a module was renamed). Default: the same name. */
  rename?: (savedName: string) => string;
}

/** What {@link loadModuleStateFromBytes} and `loadModuleState` (`@umq/core/node`) report. */
export interface LoadModuleStateResult {
  /** Module entries the file did not hold (kept their values; only with `strict: false`). */
  missing: string[];
  /** File entries the module does not have (ignored; only with `strict: false`). */
  unexpected: string[];
  /** The file's `__metadata__`. */
  metadata: Record<string, string>;
}

/** Saved dtypes each variable dtype accepts (floats of any width load into float32). */
const ACCEPTS: Record<string, readonly SafetensorsDtype[]> = {
  float32: ['F32', 'F64', 'F16', 'BF16'],
  int32: ['I32', 'I64', 'I16', 'I8', 'U8', 'U16', 'U32'],
  bool: ['BOOL'],
};

/**
 * Encodes a module's parameters and buffers as safetensors bytes (the `model.safetensors` of a
 * checkpoint folder), with metadata `format: 'umq'`, the module's `className` and
 * `extraMetadata`.
 *
 * @param module the module to encode.
 * @param extraMetadata more string pairs for the safetensors metadata (e.g. `{ epoch: '3' }`).
 * @example
 * ```ts
 * const mlp = new MLP({ inFeatures: 4, hidden: 8, outFeatures: 1 });
 * const bytes = encodeModuleState(mlp, { epoch: '12' }); // e.g. to download or to store in IndexedDB
 * ```
 */
export function encodeModuleState(module: Module, extraMetadata: Record<string, string> = {}): Uint8Array {
  return encodeSafetensors(module.stateDict(), { ...extraMetadata, format: 'umq', className: module.getClassName() });
}

/**
 * The `config.json` text of a checkpoint: `config` as indented JSON; a config that is not a
 * plain JSON-serialisable object is an {@link OptionError} naming `caller`. (Internal: used by
 * `saveModuleState` in `@umq/core/node`.)
 */
export function moduleConfigJson(config: object, caller = 'moduleConfigJson'): string {
  let json: string;
  try {
    json = JSON.stringify(config, null, 2);
  } catch (e) {
    throw new OptionError(`${caller}: config is not JSON-serialisable (${(e as Error).message}): pass plain options`, { cause: e });
  }
  if (typeof json !== 'string' || typeof config !== 'object' || config === null) throw new OptionError(`${caller}: config must be a plain object of options`);
  return `${json}\n`;
}

/**
 * Parses a checkpoint's `config.json` text (as written by `saveModuleState`); anything
 * but a JSON object is a {@link DataFormatError} naming `source`.
 *
 * @param text the file's text.
 * @param source the file or URL named in errors. Default `'config.json'`.
 * @example
 * ```ts
 * const config = parseModuleConfig(await (await fetch('/model/config.json')).text());
 * const mlp = new MLP(config as MLPOptions);
 * ```
 */
export function parseModuleConfig(text: string, source: string = CONFIG_FILE): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataFormatError(`not valid JSON (${(e as Error).message})`, source, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataFormatError('the model config must be a JSON object', source);
  return value as Record<string, unknown>;
}

function fmtNames(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ` (+${names.length - 5} more)` : '');
}

/**
 * Checks decoded tensors against a name -> variable map (names, shapes, dtypes) and assigns
 * them; nothing is assigned unless every check passes. Shared by model and optimizer loading.
 */
export function assignChecked(
  saved: Record<string, DecodedTensor>,
  target: Record<string, tf.Variable>,
  strict: boolean,
  file: string,
  what: string,
): { missing: string[]; unexpected: string[] } {
  const missing = Object.keys(target).filter((k) => !(k in saved));
  const unexpected = Object.keys(saved).filter((k) => !(k in target));
  if (strict && (missing.length || unexpected.length)) {
    throw new StateError(
      `${file} does not match ${what}: ` +
        [missing.length ? `missing ${fmtNames(missing)}` : '', unexpected.length ? `unexpected ${fmtNames(unexpected)}` : ''].filter(Boolean).join('; ') +
        ': build the model with the config.json saved beside it, or pass { strict: false } to load the matching part',
    );
  }
  const pairs: [tf.Variable, DecodedTensor, string][] = [];
  for (const [name, v] of Object.entries(target)) {
    const s = saved[name];
    if (!s) continue;
    if (s.shape.length !== v.shape.length || s.shape.some((d, i) => d !== v.shape[i])) {
      throw new StateError(`${file}: \`${name}\` has shape [${s.shape.join(', ')}] in the file but [${v.shape.join(', ')}] in ${what}: rebuild it with the config it was saved with`);
    }
    if (!(ACCEPTS[v.dtype] ?? []).includes(s.dtype)) {
      throw new StateError(`${file}: \`${name}\` is ${s.dtype} in the file but ${v.dtype} in ${what}: the file was written for a different model (or convert it to ${ACCEPTS[v.dtype]?.[0] ?? v.dtype})`);
    }
    pairs.push([v, s, name]);
  }
  const tensors = pairs.map(([v, s, name]) => {
    const t = decodedToTensor(s, name, file);
    return t.dtype === v.dtype ? t : tf.tidy(() => tf.cast(t, v.dtype));
  });
  pairs.forEach(([v], i) => v.assign(tensors[i]));
  tf.dispose(tensors);
  return { missing, unexpected };
}

/**
 * Loads safetensors bytes (a checkpoint's `model.safetensors`, e.g. fetched) into `module`,
 * checking names (with `strict`), shapes and dtypes first; a mismatch is a {@link StateError}
 * with a fix hint and leaves the module unchanged.
 *
 * @param bytes the file's bytes.
 * @param module the module to load into (built with the checkpoint's config).
 * @param options `strict` name matching (default true) and the `source` named in errors.
 * @example
 * ```ts
 * const mlp = new MLP(parseModuleConfig(await (await fetch('/model/config.json')).text()) as MLPOptions);
 * const bytes = new Uint8Array(await (await fetch('/model/model.safetensors')).arrayBuffer());
 * loadModuleStateFromBytes(bytes, mlp, { source: '/model/model.safetensors' });
 * ```
 */
export function loadModuleStateFromBytes(bytes: Uint8Array, module: Module, options: LoadModuleStateOptions = {}): LoadModuleStateResult {
  const source = options.source ?? MODEL_FILE;
  const { tensors: saved, metadata } = decodeSafetensors(bytes, source);
  const rename = options.rename;
  const tensors = rename ? Object.fromEntries(Object.entries(saved).map(([k, t]) => [rename(k), t])) : saved;
  const { missing, unexpected } = assignChecked(tensors, module.stateDict(), options.strict ?? true, source, `the ${module.getClassName()} module`);
  return { missing, unexpected, metadata: { ...metadata } };
}
