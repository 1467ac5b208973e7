/**
 * The worker's side of the child process that trains its runs: fork it, hand it a payload,
 * relay its epochs, and turn whatever happens (a row, an error it reported, a refusal, a crash,
 * an abort) into one typed outcome. A child serves runs one after another (warm: no process and
 * engine start per run) until it has served `maxRuns`, and is replaced after any run that did
 * not return a row, so a failed run never leaves its state to the next. It stays in the
 * worker's process group, so whoever kills the worker's group (a test, systemd, a terminal's
 * Ctrl-C reaching both) takes the run with it; the worker kills it itself (SIGKILL: its process
 * tree is that one process, encoder workers being threads) when the run is released or lost.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ResultRow } from '../eval/run-experiment';
import type { FromChild, ToChild } from './run-child';
import type { RunPayload } from './run-payload';

/** How to start a run's child process. */
export interface ChildEntry {
  /** The module to fork (the `umq` CLI entry). */
  file: string;
  /** Its arguments (`['_run']`). */
  args: string[];
  /** Node options (default: the worker's own, e.g. `--import tsx` when run from sources). */
  execArgv?: string[];
}

/** Options of one run of a {@link RunChild}. */
export interface ChildRunOptions {
  /** Folder relative data paths are read from. */
  dataRoot: string;
  /** Attempt number (1 = first). */
  attempt: number;
  /** Called after every epoch. */
  onProgress?: (epoch: number, epochs: number) => void;
  /** Aborting kills the child (its reason is returned in the outcome). */
  signal?: AbortSignal;
}

/** How a child run ended. */
export type ChildOutcome =
  | {
      /** It returned a row. */
      kind: 'result';
      /** The row. */
      row: ResultRow;
    }
  | {
      /** It reported an error of the run. */
      kind: 'error';
      /** Error class name. */
      name: string;
      /** `UmqError` code, if any. */
      code?: string;
      /** Message. */
      message: string;
    }
  | {
      /** This machine cannot run it (its data differs or is missing). */
      kind: 'refused';
      /** Why. */
      message: string;
    }
  | {
      /** It died without a word (exit code or signal). */
      kind: 'crashed';
      /** What happened, with the last lines it printed. */
      message: string;
    }
  | {
      /** It was killed because `signal` was aborted. */
      kind: 'aborted';
      /** The abort reason. */
      reason: unknown;
    };

/**
 * A child process that trains runs one at a time; started on the first run, started again
 * after it died or was killed.
 *
 * @example
 * ```ts
 * const child = new RunChild({ file: cliEntry(), args: ['_run'] });
 * const out = await child.run(payload, { dataRoot: process.cwd(), attempt: 1 });
 * if (out.kind === 'result') console.log(out.row.metrics);
 * child.retire();
 * ```
 */
export class RunChild {
  private proc: ChildProcess | null = null;
  private ready: Promise<boolean> = Promise.resolve(false);
  private readonly tail: string[] = [];
  /** Runs the current process has served. */
  runs = 0;

  /**
   * @param entry how to start the process.
   * @param stderr where its stderr lines go (default: this process's stderr, prefixed with its pid).
   */
  constructor(
    private readonly entry: ChildEntry,
    private readonly stderr?: (line: string) => void,
  ) {}

  /** Whether a process is running. */
  get alive(): boolean {
    return this.proc !== null;
  }

  private spawn(): ChildProcess {
    const proc = fork(this.entry.file, this.entry.args, { execArgv: this.entry.execArgv ?? process.execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'json' });
    this.proc = proc;
    this.runs = 0;
    const print = this.stderr ?? ((line: string) => process.stderr.write(`  [run child ${proc.pid}] ${line}\n`));
    let partial = '';
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        this.tail.push(l);
        if (this.tail.length > 12) this.tail.shift();
        print(l);
      }
    });
    proc.on('error', () => proc.kill('SIGKILL')); // could not start or talk: 'close' follows
    proc.once('close', () => {
      if (partial) this.tail.push(partial);
      if (this.proc === proc) this.proc = null;
    });
    this.ready = new Promise((resolve) => {
      const onReady = (m: FromChild) => {
        if (m?.type === 'ready') {
          proc.off('message', onReady);
          resolve(true);
        }
      };
      proc.on('message', onReady);
      proc.once('close', () => resolve(false));
    });
    return proc;
  }

  /**
   * Trains one run in the child and returns how it ended; never throws for the run's failures.
   *
   * @param payload a checked run payload.
   * @param options data root, attempt, progress and abort.
   */
  run(payload: RunPayload, options: ChildRunOptions): Promise<ChildOutcome> {
    const proc = this.proc ?? this.spawn();
    this.runs++;
    this.tail.length = 0;
    return new Promise<ChildOutcome>((resolve) => {
      let done = false;
      const finish = (out: ChildOutcome, kill: boolean) => {
        if (done) return;
        done = true;
        proc.off('message', onMessage);
        proc.off('close', onClose);
        options.signal?.removeEventListener('abort', onAbort);
        if (kill) this.kill();
        resolve(out);
      };
      const onMessage = (m: FromChild) => {
        if (m?.type === 'progress') options.onProgress?.(m.epoch, m.epochs);
        else if (m?.type === 'result') finish({ kind: 'result', row: m.row }, false);
        else if (m?.type === 'error') finish({ kind: 'error', name: String(m.name), ...(m.code ? { code: String(m.code) } : {}), message: String(m.message) }, true);
        else if (m?.type === 'refused') finish({ kind: 'refused', message: String(m.message) }, true);
      };
      const onClose = (code: number | null, sig: NodeJS.Signals | null) => {
        const last = this.tail.filter((l) => l.trim()).slice(-3).join(' | ');
        finish({ kind: 'crashed', message: `the run's child process ${sig ? `was killed by ${sig}` : `exited with code ${code}`} before it returned a row${last ? `; its last words: ${last}` : ''}` }, false);
      };
      const onAbort = () => finish({ kind: 'aborted', reason: options.signal?.reason }, true);
      proc.on('message', onMessage);
      proc.on('close', onClose);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      void this.ready.then((ok) => {
        if (ok && !done) {
          const message: ToChild = { type: 'run', payload, dataRoot: options.dataRoot, attempt: options.attempt };
          proc.send(message);
        }
      });
    });
  }

  /** Kills the process now (SIGKILL); the next run starts a new one. */
  kill(): void {
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }

  /** Lets the process exit after its current run (it is not used again). */
  retire(): void {
    const proc = this.proc;
    this.proc = null;
    if (proc?.connected) proc.send({ type: 'exit' } satisfies ToChild, () => proc.disconnect());
    else proc?.kill('SIGKILL');
  }
}
