/** Loads tools/fixtures/metrics/golden.json (written by make_golden.py with numpy / sklearn / scipy). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const path = fileURLToPath(new URL('../../../tools/fixtures/metrics/golden.json', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const golden: Record<string, any[]> = JSON.parse(readFileSync(path, 'utf8'));

/** Tolerance for counts-based metrics (accuracies, F1 from confusion counts). */
export const COUNTS_TOL = 1e-12;
/** Tolerance for floating-point statistics (MAE, correlations, AUILC, std). */
export const STATS_TOL = 1e-9;

/** Expects `actual` to equal `expected` within `tol` (absolute); null must match null. */
export function close(actual: number | null, expected: number | null, tol: number, what = ''): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}
