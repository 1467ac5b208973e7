/**
 * A one-line progress bar with loss and ETA on stderr (only when stderr is a terminal, or when
 * forced); silent otherwise so logs stay clean, and always silent where there is no stderr (a
 * browser).
 */

/** Node's stderr when there is one (read through `globalThis`, so a browser bundle has no `process`). */
function stderr(): { isTTY?: boolean; write(text: string): unknown } | null {
  return (globalThis as { process?: { stderr?: { isTTY?: boolean; write(text: string): unknown } } }).process?.stderr ?? null;
}

/** Renders progress; call `update` per step and `done` at the end of an epoch. */
export class ProgressBar {
  private readonly start = Date.now();
  private readonly enabled: boolean;
  constructor(
    private readonly label: string,
    private readonly total: number,
    enabled?: boolean,
  ) {
    this.enabled = Boolean(stderr()) && (enabled ?? Boolean(stderr()?.isTTY));
  }

  /** Shows `done` of `total` steps and the running loss. */
  update(done: number, loss: number): void {
    if (!this.enabled) return;
    const frac = this.total > 0 ? done / this.total : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = frac > 0 ? elapsed / frac - elapsed : 0;
    stderr()?.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} loss ${loss.toFixed(4)} ETA ${formatSeconds(eta)}   `);
  }

  /** Ends the line. */
  done(): void {
    if (this.enabled) stderr()?.write('\n');
  }
}

/** `75` -> `1m15s`. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - 60 * m)}s`;
}
