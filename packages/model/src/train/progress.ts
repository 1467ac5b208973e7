/**
 * A one-line progress bar with loss and ETA on stderr (only when stderr is a terminal, or when
 * forced); silent otherwise so logs stay clean.
 */

/** Renders progress; call `update` per step and `done` at the end of an epoch. */
export class ProgressBar {
  private readonly start = Date.now();
  private readonly enabled: boolean;
  constructor(
    private readonly label: string,
    private readonly total: number,
    enabled?: boolean,
  ) {
    this.enabled = enabled ?? Boolean(process.stderr.isTTY);
  }

  /** Shows `done` of `total` steps and the running loss. */
  update(done: number, loss: number): void {
    if (!this.enabled) return;
    const frac = this.total > 0 ? done / this.total : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = frac > 0 ? elapsed / frac - elapsed : 0;
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} loss ${loss.toFixed(4)} ETA ${formatSeconds(eta)}   `);
  }

  /** Ends the line. */
  done(): void {
    if (this.enabled) process.stderr.write('\n');
  }
}

/** `75` -> `1m15s`. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - 60 * m)}s`;
}
