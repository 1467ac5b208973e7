/**
 * Processes of the job-queue tests: `umq` commands (workers, coordinators) started from the
 * sources in process groups of their own, their output kept, and every group killed at the
 * end, so no test leaves a process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';

/** A started command. */
export interface Proc {
  /** Its pid (= its process group id). */
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal) when it ends. */
  exited: Promise<number | string>;
  /** Signals its whole process group. */
  kill(signal: NodeJS.Signals): void;
}

const started = new Set<ChildProcess>();

/**
 * Starts `node [--conditions=@umq/source --import tsx] file ...args` in a new process group.
 *
 * @param args the arguments after the file.
 * @param file the script (default: the umq CLI).
 */
export function start(args: string[], file = CLI, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', file, ...args], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env } });
  started.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, sig) => {
    started.delete(child);
    resolve(code ?? sig ?? -1);
  }));
  return {
    pid: child.pid!,
    output: () => out,
    exited,
    kill: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    },
  };
}

/** SIGKILLs every process group still running (for afterAll). */
export function killAll(): void {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
  started.clear();
}

/** Waits until `cond()` holds, checking every 100 ms; fails after `ms` with `what`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lines of a worker's output that start run `id`, or that start any run. */
export function starts(output: string, id?: string): string[] {
  return output.split('\n').filter((l) => /: started \(attempt \d+\)$/.test(l) && (id === undefined || l.includes(id)));
}
