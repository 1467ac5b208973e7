/**
 * What the coordinator shows while a queued study runs: one bar over the whole study (rows
 * already done count as done) and one line per worker with the run it trains and its epoch.
 * On a terminal the block is redrawn in place under the log lines; otherwise (a log file, CI)
 * the status is printed as plain lines, at most every `every` ms and when a worker starts a run.
 */
import { formatSeconds } from '../train/progress';

/** What a worker reports with `job.updateProgress` (see `runWorker`). */
export interface RunProgress {
  /** The worker's name. */
  worker: string;
  /** Epochs finished. */
  epoch: number;
  /** Epochs planned. */
  epochs: number;
  /** Attempt (1 = first). */
  attempt: number;
}

/** Options of {@link StudyProgress}. */
export interface StudyProgressOptions {
  /** Redraw in place (a terminal). Default: stderr is a terminal. */
  tty?: boolean;
  /** Where text goes. Default stderr. */
  write?: (text: string) => void;
  /** Plain-text status lines at most this often (ms). Default 30000. */
  every?: number;
}

/**
 * The progress display of a queued study.
 *
 * @example
 * ```ts
 * const view = new StudyProgress(12, 2);
 * view.progress('run-ab', 'umq clean seed 1', { worker: 'gpu-box-1', epoch: 3, epochs: 10, attempt: 1 });
 * view.finished('run-ab');
 * view.close();
 * ```
 */
export class StudyProgress {
  private readonly tty: boolean;
  private readonly write: (text: string) => void;
  private readonly every: number;
  private readonly start = Date.now();
  private done: number;
  private readonly doneAtStart: number;
  private failed = 0;
  private waiting = 0;
  private drawn = 0;
  private lastPlain = 0;
  private lastPlainText = '';
  /** worker name -> its run and progress */
  private readonly workers = new Map<string, { run: string; label: string; epoch: number; epochs: number; attempt: number }>();

  /**
   * @param total runs in the study, including those already done.
   * @param done runs already done before this coordinator started.
   * @param options display options.
   */
  constructor(private readonly total: number, done: number, options: StudyProgressOptions = {}) {
    this.tty = options.tty ?? Boolean(process.stderr.isTTY);
    this.write = options.write ?? ((t) => process.stderr.write(t));
    this.every = options.every ?? 30_000;
    this.done = done;
    this.doneAtStart = done;
  }

  /** A worker reported progress on a run. */
  progress(run: string, label: string, p: RunProgress): void {
    for (const [w, s] of this.workers) if (s.run === run && w !== p.worker) this.workers.delete(w); // retried elsewhere
    const before = this.workers.get(p.worker);
    this.workers.set(p.worker, { run, label, epoch: p.epoch, epochs: p.epochs, attempt: p.attempt });
    if (!this.tty && before?.run !== run) this.log(`${p.worker}: ${label}${p.attempt > 1 ? ` (attempt ${p.attempt})` : ''} started`);
    else this.render();
  }

  /** A run finished (its rows are recorded). */
  finished(run: string): void {
    this.done++;
    this.forget(run);
    this.render();
  }

  /** A run failed for good (all attempts used). */
  failedRun(run: string): void {
    this.failed++;
    this.forget(run);
    this.render();
  }

  /** A failed run was queued again (`umq queue retry`). */
  retried(): void {
    this.failed = Math.max(0, this.failed - 1);
    this.render();
  }

  /** Runs waiting in the queue (from the coordinator's last look). */
  setWaiting(n: number): void {
    this.waiting = n;
    this.render();
  }

  /** Runs `print` (which writes lines of its own to stderr) with the block cleared, then redraws it. */
  above(print: () => void): void {
    this.clear();
    print();
    if (this.tty) this.render();
  }

  /** Prints a line above the block. */
  log(line: string): void {
    this.clear();
    this.write(`${line}\n`);
    if (this.tty) this.render();
  }

  /** Leaves the last state on screen. */
  close(): void {
    if (this.tty) this.drawn = 0;
    else this.plain(true);
  }

  private forget(run: string): void {
    for (const [w, s] of this.workers) if (s.run === run) this.workers.delete(w);
  }

  /** The status line and the worker lines. */
  lines(): string[] {
    const width = 24;
    const frac = this.total > 0 ? this.done / this.total : 1;
    const filled = Math.round(frac * width);
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = (this.done - this.doneAtStart) / Math.max(elapsed, 1e-9);
    const left = this.total - this.done - this.failed;
    const eta = rate > 0 ? formatSeconds(left / rate) : '?';
    const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} runs, ${this.workers.size} running, ${this.waiting} waiting, ${this.failed} failed; ${formatSeconds(elapsed)} elapsed, ETA ${eta}`;
    const rows = [...this.workers.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, s]) => `  ${w}: ${s.label}, epoch ${s.epoch}/${s.epochs}${s.attempt > 1 ? `, attempt ${s.attempt}` : ''}`);
    return [head, ...rows];
  }

  private clear(): void {
    if (this.tty && this.drawn > 0) this.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private render(force = false): void {
    if (!this.tty) return this.plain(force);
    this.clear();
    const lines = this.lines();
    this.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  private plain(force: boolean): void {
    if (this.tty) return;
    const now = Date.now();
    const text = this.lines().join('\n');
    if ((force || now - this.lastPlain >= this.every) && text !== this.lastPlainText) {
      this.lastPlain = now;
      this.lastPlainText = text;
      this.write(`${text}\n`);
    }
  }
}
