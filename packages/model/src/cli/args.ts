/**
 * Typed, validated CLI options on top of `node:util`'s parseArgs: each command declares its
 * options once (type, default, help); bad input is an {@link OptionError} that names the option
 * and how to fix it.
 */
import { parseArgs } from 'node:util';
import { OptionError } from '@umq/core';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Help text (with the default). */
  help: string;
  default?: string | boolean;
  short?: string;
}

/** A command: name, summary and options. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: number;
}

/** Parsed values of a command's options. */
export type Values = Record<string, string | boolean | undefined>;

/** Parses `argv` for a command; unknown options and missing values are OptionErrors. */
export function parseCommand(spec: CommandSpec, argv: string[]): { values: Values; positionals: string[] } {
  // node:util parseArgs rejects keys present with the value undefined (`short: undefined`), so only set what is given.
  const options = Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type, ...(o.short !== undefined ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) }]));
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } } as never, allowPositionals: true, strict: true });
    const positionals = r.positionals as string[];
    if (spec.positionals !== undefined && positionals.length > spec.positionals) {
      throw new OptionError(`unexpected argument ${JSON.stringify(positionals[spec.positionals])}; see \`umq ${spec.name} --help\``);
    }
    return { values: r.values as Values, positionals };
  } catch (e) {
    if (e instanceof OptionError) throw e;
    throw new OptionError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}; see \`umq ${spec.name} --help\``);
  }
}

/** The help text of a command. */
export function helpText(spec: CommandSpec): string {
  const lines = [`umq ${spec.name}: ${spec.summary}`, '', `usage: ${spec.usage}`, '', 'options:'];
  for (const [k, o] of Object.entries(spec.options)) {
    const flag = `--${k}${o.type === 'string' ? ' VALUE' : ''}`;
    lines.push(`  ${flag.padEnd(26)} ${o.help}${o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : ''}`);
  }
  lines.push(`  ${'--verbose'.padEnd(26)} show stack traces on errors`, `  ${'-h, --help'.padEnd(26)} this help`);
  return lines.join('\n');
}

/** A string option's value, or an error naming it. */
export function str(values: Values, name: string, required = false): string | undefined {
  const v = values[name];
  if (v === undefined || v === '') {
    if (required) throw new OptionError(`--${name} is required`);
    return undefined;
  }
  return String(v);
}

/** An integer option. */
export function int(values: Values, name: string, min = 0): number | undefined {
  const s = str(values, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw new OptionError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(s)}`);
  return n;
}

/** A number option in [min, max]. */
export function num(values: Values, name: string, min = -Infinity, max = Infinity): number | undefined {
  const s = str(values, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min || n > max) throw new OptionError(`--${name} must be a number in [${min}, ${max}], got ${JSON.stringify(s)}`);
  return n;
}

/** A comma-separated list option, each entry checked against `allowed` when given. */
export function list<T extends string>(values: Values, name: string, allowed?: readonly T[]): T[] | undefined {
  const s = str(values, name);
  if (s === undefined) return undefined;
  const items = s.split(',').map((x) => x.trim()).filter(Boolean);
  if (!items.length) throw new OptionError(`--${name} is empty`);
  if (allowed) for (const it of items) if (!allowed.includes(it as T)) throw new OptionError(`--${name}: unknown value ${JSON.stringify(it)}; use ${allowed.join(', ')}`);
  return items as T[];
}

/** A comma-separated list of numbers. */
export function numList(values: Values, name: string, min = -Infinity, max = Infinity, integer = false): number[] | undefined {
  const items = list(values, name);
  if (!items) return undefined;
  return items.map((x) => {
    const n = Number(x);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) throw new OptionError(`--${name}: ${JSON.stringify(x)} is not ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
    return n;
  });
}

/** A choice among string literals. */
export function choice<T extends string>(values: Values, name: string, allowed: readonly T[]): T | undefined {
  const s = str(values, name);
  if (s === undefined) return undefined;
  if (!allowed.includes(s as T)) throw new OptionError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(s)}`);
  return s as T;
}
