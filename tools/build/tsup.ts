/**
 * The one shared tsup build of every `@umq/*` package: ESM + CJS + `.d.ts` from `src/index.ts`
 * (plus any extra entries), with every dependency left external.
 */
import { defineConfig, type Options } from 'tsup';

export function packageBuild(extra: Partial<Options> = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    shims: true,
    tsconfig: 'tsconfig.build.json',
    ...extra,
  });
}
