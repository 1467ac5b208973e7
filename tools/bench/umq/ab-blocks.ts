/**
 * The in-process A/B of lean-ab.ts and kernel-ab.ts: `use(side)` switches the process to side A or
 * B, `step()` runs one training step; after 20 warm-up steps per side, `blocks` pairs of blocks of
 * `per` steps alternate (A B, B A, ...) so that a busy host slows both sides alike. Prints the
 * median ms per step of each side, the median paired difference B - A and in how many blocks B was
 * faster, then every block's ms.
 */
export function alternateBlocks(use: (side: 'A' | 'B') => void, step: () => void, blocks: number, per: number, labelA = 'A'): void {
  for (const side of ['A', 'B'] as const) {
    use(side);
    for (let i = 0; i < 20; i++) step();
  }
  const ms: Record<'A' | 'B', number[]> = { A: [], B: [] };
  for (let b = 0; b < blocks; b++) {
    for (const side of (b % 2 ? ['B', 'A'] : ['A', 'B']) as ('A' | 'B')[]) {
      use(side);
      step();
      const t0 = performance.now();
      for (let i = 0; i < per; i++) step();
      ms[side].push((performance.now() - t0) / per);
    }
  }
  const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1];
  const diff = ms.A.map((a, i) => ms.B[i] - a);
  console.log(`${labelA} ${median(ms.A).toFixed(2)} ms/step, B ${median(ms.B).toFixed(2)} ms/step; B - A median ${median(diff).toFixed(2)} ms, B faster in ${diff.filter((v) => v < 0).length} of ${diff.length} blocks`);
  console.log(`A ${ms.A.map((v) => v.toFixed(1)).join(' ')} | B ${ms.B.map((v) => v.toFixed(1)).join(' ')}`);
}
