/**
 * The worker's side of a run's child process: fork it, hand it the payload, relay its epochs,
 * and turn whatever happens (a row, an error it reported, a refusal, a crash, an abort) into one
 * typed outcome. The child stays in the worker's process group, so whoever kills the worker's
 * group (a test, systemd, a terminal's Ctrl-C reaching both) takes the run with it; the worker
 * kills it itself (SIGKILL: its process tree is that one process, encoder workers being threads)
 * when the run is released or lost.
 */
import { fork } from 'node:child_process';
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

/** Options of {@link runInChild}. */
export interface ChildRunOptions {
  /** How to start the child. */
  entry: ChildEntry;
  /** Folder relative data paths are read from. */
  dataRoot: string;
  /** Attempt number (1 = first). */
  attempt: number;
  /** Called after every epoch. */
  onProgress?: (epoch: number, epochs: number) => void;
  /** Aborting kills the child (its reason is returned in the outcome). */
  signal?: AbortSignal;
  /** Where the child's stderr lines go (default: this process's stderr, prefixed). */
  stderr?: (line: string) => void;
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
 * Runs one payload in a forked child process and returns how it ended; never throws for the
 * run's own failures.
 *
 * @param payload a checked run payload.
 * @param options how to start it, progress and abort.
 * @example
 * ```ts
 * const out = await runInChild(payload, { entry: { file: cliEntry(), args: ['_run'] }, dataRoot: process.cwd(), attempt: 1 });
 * if (out.kind === 'result') console.log(out.row.metrics);
 * ```
 */
export function runInChild(payload: RunPayload, options: ChildRunOptions): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = fork(options.entry.file, options.entry.args, { execArgv: options.entry.execArgv ?? process.execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'json' });
    const tail: string[] = [];
    let partial = '';
    const printErr = options.stderr ?? ((line: string) => process.stderr.write(`  [run ${child.pid}] ${line}\n`));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        tail.push(l);
        if (tail.length > 12) tail.shift();
        printErr(l);
      }
    });
    let outcome: ChildOutcome | null = null;
    const settle = (o: ChildOutcome) => {
      outcome ??= o;
    };
    const onAbort = () => {
      settle({ kind: 'aborted', reason: options.signal?.reason });
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (m: FromChild) => {
      if (m?.type === 'progress') options.onProgress?.(m.epoch, m.epochs);
      else if (m?.type === 'result') settle({ kind: 'result', row: m.row });
      else if (m?.type === 'error') settle({ kind: 'error', name: String(m.name), ...(m.code ? { code: String(m.code) } : {}), message: String(m.message) });
      else if (m?.type === 'refused') settle({ kind: 'refused', message: String(m.message) });
    });
    child.on('error', (e) => {
      settle({ kind: 'crashed', message: `the run's child process could not start or talk (${e.message})` });
      child.kill('SIGKILL');
    });
    child.on('close', (code, sig) => { // after the exit, stderr and the IPC channel have all closed: every message is in
      options.signal?.removeEventListener('abort', onAbort);
      if (partial) tail.push(partial);
      const last = tail.filter((l) => l.trim()).slice(-3).join(' | ');
      settle({ kind: 'crashed', message: `the run's child process ${sig ? `was killed by ${sig}` : `exited with code ${code}`} before it returned a row${last ? `; its last words: ${last}` : ''}` });
      resolve(outcome!);
    });
    const message: ToChild = { type: 'run', payload, dataRoot: options.dataRoot, attempt: options.attempt };
    child.send(message);
  });
}
