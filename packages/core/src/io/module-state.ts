/**
 * Model checkpoints: a folder with `model.safetensors` (every parameter and buffer of a
 * {@link Module}, under its dotted name) and `config.json` (the options it was built with).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../tf';
import { DataFormatError, OptionError, StateError } from '../errors';
import type { Module } from '../nn/module';
import { writeFileAtomic } from './atomic-write';
import { decodedToTensor } from './safetensors';
import type { DecodedTensor } from './safetensors';
import type { SafetensorsDtype } from './safetensors-dtypes';
import { loadSafetensors, saveSafetensors } from './safetensors-file';

/**
 * File name of the weights inside a checkpoint folder.
 *
 * @example
 * ```ts
 * saveModuleState('ckpt', model, model.getConfig());
 * existsSync(join('ckpt', MODEL_FILE)); // true: ckpt/model.safetensors
 * ```
 */
export const MODEL_FILE = 'model.safetensors';
/**
 * File name of the model configuration inside a checkpoint folder.
 *
 * @example
 * ```ts
 * saveModuleState('ckpt', model, model.getConfig());
 * const config = JSON.parse(readFileSync(join('ckpt', CONFIG_FILE), 'utf8'));
 * ```
 */
export const CONFIG_FILE = 'config.json';

/** Options of {@link loadModuleState}. */
export interface LoadModuleStateOptions {
  /**
   * Require the saved names and the module's names to match exactly. Default true. With
   * false, missing entries keep their current values and unexpected ones are ignored (both are
   * reported); shapes and dtypes are always checked.
   */
  strict?: boolean;
  /** Maps a name in the file to the module's name for it (e.g. after a module was renamed). Default: the same name. */
  rename?: (savedName: string) => string;
}

/** What {@link loadModuleState} reports. */
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
 * Saves a module's parameters and buffers to `<dir>/model.safetensors` and `config` to
 * `<dir>/config.json`, each atomically (the folder is created if needed). The safetensors
 * metadata holds `format: 'umq'`, the module's `className`, and `extraMetadata`.
 *
 * @param dir the checkpoint folder.
 * @param module the module to save.
 * @param config the options the module was built with (JSON-serialisable), read back with {@link readModuleConfig}.
 * @param extraMetadata more string pairs for the safetensors metadata (e.g. `{ epoch: '3' }`).
 * @example
 * ```ts
 * const mlp = new MLP({ inFeatures: 4, hidden: 8, outFeatures: 1 });
 * saveModuleState('runs/best', mlp, mlp.getConfig(), { epoch: '12' });
 * ```
 */
export function saveModuleState(dir: string, module: Module, config: object, extraMetadata: Record<string, string> = {}): void {
  let json: string;
  try {
    json = JSON.stringify(config, null, 2);
  } catch (e) {
    throw new OptionError(`saveModuleState: config is not JSON-serialisable (${(e as Error).message}): pass plain options`, { cause: e });
  }
  if (typeof json !== 'string' || typeof config !== 'object' || config === null) throw new OptionError('saveModuleState: config must be a plain object of options');
  mkdirSync(dir, { recursive: true });
  saveSafetensors(join(dir, MODEL_FILE), module.stateDict(), { ...extraMetadata, format: 'umq', className: module.getClassName() });
  writeFileAtomic(join(dir, CONFIG_FILE), `${json}\n`);
}

/**
 * Reads `<dir>/config.json` as written by {@link saveModuleState}.
 *
 * @example
 * ```ts
 * const mlp = new MLP(readModuleConfig('runs/best') as MLPOptions);
 * ```
 */
export function readModuleConfig(dir: string): Record<string, unknown> {
  const path = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`cannot read the model config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): is ${dir} a folder written by saveModuleState?`, path, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataFormatError(`not valid JSON (${(e as Error).message})`, path, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataFormatError('the model config must be a JSON object', path);
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
 * Loads `<dir>/model.safetensors` into `module`, checking names (with `strict`), shapes and
 * dtypes first; a mismatch is a {@link StateError} with a fix hint and leaves the module
 * unchanged.
 *
 * @example
 * ```ts
 * const mlp = new MLP(readModuleConfig('runs/best') as MLPOptions);
 * loadModuleState('runs/best', mlp);
 * ```
 */
export function loadModuleState(dir: string, module: Module, options: LoadModuleStateOptions = {}): LoadModuleStateResult {
  const path = join(dir, MODEL_FILE);
  const { tensors: saved, metadata } = loadSafetensors(path);
  const rename = options.rename;
  const tensors = rename ? Object.fromEntries(Object.entries(saved).map(([k, t]) => [rename(k), t])) : saved;
  const { missing, unexpected } = assignChecked(tensors, module.stateDict(), options.strict ?? true, path, `the ${module.getClassName()} module`);
  return { missing, unexpected, metadata: { ...metadata } };
}
