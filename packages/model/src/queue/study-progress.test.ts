import { describe, expect, it } from 'vitest';
import { StudyProgress } from './study-progress';

const p = (worker: string, epoch: number, attempt = 1) => ({ worker, epoch, epochs: 10, attempt });

describe('StudyProgress', () => {
  it('shows a bar over the whole study (runs done before count) and one line per worker', () => {
    const view = new StudyProgress(12, 4, { tty: false, write: () => {} });
    view.progress('run-a', 'umq clean seed 1', p('w2', 3));
    view.progress('run-b', 'late-fusion noise 0.3 seed 2', p('w1', 7, 2));
    view.setWaiting(5);
    const [head, ...rows] = view.lines();
    expect(head).toMatch(/^\[#{8}\.{16}\] 4\/12 runs, 2 running, 5 waiting, 0 failed; \d+s elapsed, ETA \?$/);
    expect(rows).toEqual(['  w1: late-fusion noise 0.3 seed 2, epoch 7/10, attempt 2', '  w2: umq clean seed 1, epoch 3/10']);
    view.finished('run-a');
    view.failedRun('run-b');
    expect(view.lines()).toEqual([expect.stringMatching(/ 5\/12 runs, 0 running, 5 waiting, 1 failed;/)]);
  });

  it('moves a run to the worker that reports it now (a dead worker\'s run retried elsewhere)', () => {
    const view = new StudyProgress(2, 0, { tty: false, write: () => {} });
    view.progress('run-a', 'umq clean seed 1', p('w1', 2));
    view.progress('run-a', 'umq clean seed 1', p('w2', 0, 2));
    expect(view.lines().slice(1)).toEqual(['  w2: umq clean seed 1, epoch 0/10, attempt 2']);
  });

  it('on a terminal redraws the block in place under the log lines', () => {
    let out = '';
    const view = new StudyProgress(3, 0, { tty: true, write: (t) => (out += t) });
    view.progress('run-a', 'umq clean seed 1', p('w1', 1));
    out = '';
    view.log('a line');
    expect(out.startsWith('\x1b[2A\x1b[J')).toBe(true); // the two block lines cleared
    expect(out).toMatch(/^\x1b\[2A\x1b\[Ja line\n\[/);
    out = '';
    view.above(() => (out += 'printed by the caller\n'));
    expect(out).toMatch(/^\x1b\[2A\x1b\[Jprinted by the caller\n\[.* 0\/3 runs/);
  });

  it('in a log prints worker starts as lines and the status at most every `every` ms', () => {
    const lines: string[] = [];
    const view = new StudyProgress(3, 0, { tty: false, every: 60_000, write: (t) => lines.push(t) });
    view.progress('run-a', 'umq clean seed 1', p('w1', 0));
    expect(lines).toEqual(['w1: umq clean seed 1 started\n']);
    view.progress('run-a', 'umq clean seed 1', p('w1', 1)); // the same run: no start line; the first status line
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/0\/3 runs, 1 running[\s\S]*w1: umq clean seed 1, epoch 1\/10/);
    view.finished('run-a');
    view.setWaiting(1); // within `every`: not printed
    expect(lines).toHaveLength(2);
    view.close(); // the last state, once
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/1\/3 runs, 0 running, 1 waiting/);
  });
});
