/**
 * `umq info`: the engine and the package versions.
 */
import { createRequire } from 'node:module';
import { initEngine } from '@umq/core';
import type { CommandSpec, Values } from '../args';

export const INFO: CommandSpec = {
  name: 'info',
  summary: 'show the tensor engine and the @umq/* package versions',
  usage: 'umq info [--json]',
  options: { json: { type: 'boolean', help: 'print JSON' } },
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

export async function runInfo(values: Values): Promise<void> {
  const engine = await initEngine();
  const info = { engine, node: process.version, platform: `${process.platform}-${process.arch}`, packages: packageVersions() };
  if (values.json) console.log(JSON.stringify(info, null, 2));
  else {
    console.log(`engine: ${engine.name} (backend ${engine.backend}, tfjs ${engine.version}, simd ${engine.simd}, threads ${engine.threads})`);
    console.log(`node ${info.node} on ${info.platform}`);
    for (const [k, v] of Object.entries(info.packages)) console.log(`${k} ${v ?? '(not found)'}`);
  }
}
