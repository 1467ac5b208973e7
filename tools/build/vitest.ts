/**
 * The one shared vitest configuration: tests import package sources directly through the
 * `@umq/source` export condition, so no test ever reads a stale `dist/`.
 */
import { defineConfig } from 'vitest/config';

export function packageTest(overrides: { testTimeout?: number } = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    resolve: { conditions: ['@umq/source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@umq/source', 'import', 'module', 'node', 'default'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      pool: 'forks',
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      reporters: ['default'],
    },
  });
}
