/**
 * `@umq/model` as Node resolves it (the `node` export condition): the browser-safe main entry
 * plus everything of `@umq/model/node` (saved-model folders, checkpoints, worker threads, sweeps,
 * searches, the job queue, report files, the CLI's `main`).
 *
 * @packageDocumentation
 */
export * from './index';
export * from './node';
