/**
 * `umq info`: the engine and the package versions; with `--options`, every UMQ option with its
 * value in each named preset.
 */
import { createRequire } from 'node:module';
import { initEngine } from '@umq/core';
import type { CommandSpec, Values } from '../args';
import { optionPaths } from '../../umq/resolve';
import { DEFAULT_PRESET, SPEC_PRESET, PAPER_PRESET } from '../../umq/presets';

export const INFO: CommandSpec = {
  name: 'info',
  summary: 'show the tensor engine and the @umq/* package versions',
  usage: 'umq info [--json] [--options]',
  options: { json: { type: 'boolean', help: 'print JSON' }, options: { type: 'boolean', help: 'list every UMQ option (the paths --set and search spaces take) with its value in the default, spec and paper presets' } },
  positionals: 0,
};

const PACKAGES = ['core', 'corruptions', 'metrics', 'datasets', 'quality', 'enhancer', 'moe', 'model'];

/** Versions of the installed `@umq/*` packages (null where one cannot be resolved). */
export function packageVersions(): Record<string, string | null> {
  const req = createRequire(import.meta.url);
  return Object.fromEntries(PACKAGES.map((p) => {
    try {
      return [`@umq/${p}`, (req(`@umq/${p}/package.json`) as { version: string }).version];
    } catch {
      return [`@umq/${p}`, null];
    }
  }));
}

/** The value at a dotted path of a configuration (`undefined` inside a part left out). */
function at(config: object, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), config);
}

function printOptions(json: boolean): void {
  const rows = optionPaths().map((path) => ({ path, default: at(DEFAULT_PRESET, path), spec: at(SPEC_PRESET, path), paper: at(PAPER_PRESET, path) }));
  if (json) return console.log(JSON.stringify(rows, null, 2));
  const fmt = (v: unknown) => (v === undefined ? '-' : typeof v === 'object' && v !== null ? 'on' : JSON.stringify(v));
  console.log(`${'option'.padEnd(30)} ${'default'.padEnd(18)} ${'spec'.padEnd(18)} paper`);
  for (const r of rows) console.log(`${r.path.padEnd(30)} ${fmt(r.default).padEnd(18)} ${fmt(r.spec).padEnd(18)} ${fmt(r.paper)}`);
}

export async function runInfo(values: Values): Promise<void> {
  if (values.options) return printOptions(Boolean(values.json));
  const engine = await initEngine();
  const info = { engine, node: process.version, platform: `${process.platform}-${process.arch}`, packages: packageVersions() };
  if (values.json) console.log(JSON.stringify(info, null, 2));
  else {
    console.log(`engine: ${engine.name} (backend ${engine.backend}, tfjs ${engine.version}, simd ${engine.simd}, threads ${engine.threads})`);
    console.log(`node ${info.node} on ${info.platform}`);
    for (const [k, v] of Object.entries(info.packages)) console.log(`${k} ${v ?? '(not found)'}`);
  }
}
