/**
 * The child process that trains a worker's runs (`umq _run`, started by `umq worker` with an IPC
 * channel), one at a time: for each it loads its own copy of the data set (kept for the next
 * run of the same data), refuses to train when that copy hashes differently from the
 * coordinator's, trains with `runExperiment` exactly as the local sweep does (which runs its
 * experiments one after another in one process too), reports every epoch and sends the row
 * back. Training blocks this process's event loop, never the worker's, so the worker keeps
 * renewing the run's lock.
 */
import { initEngine, StateError, UmqError } from '@umq/core';
import type { MultimodalDataset } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node';
import { runExperiment, type ResultRow } from '../eval/run-experiment';
import { RECIPE_TRAINING } from '../eval/recipes';
import { TRAIN_DEFAULTS } from '../train/train-options';
import { ensureValidation, subsampleTrainPerClass } from '../eval/validation';
import { parseRunPayload } from './parse-payload';
import { datasetContentHash } from './dataset-hash';
import { withDataRoot, type RunPayload } from './run-payload';

/** What the worker sends its child: a run, or the end. */
export type ToChild =
  | {
      /** Train this run. */
      type: 'run';
      /** The (checked) payload. */
      payload: RunPayload;
      /** Folder relative data paths are read from. */
      dataRoot: string;
      /** Attempt number (1 = first). */
      attempt: number;
    }
  | {
      /** No more runs: exit. */
      type: 'exit';
    };

/** What the child sends back. */
export type FromChild =
  | {
      /** The child listens: send it runs. */
      type: 'ready';
    }
  | {
      /** An epoch ended. */
      type: 'progress';
      /** Epochs done. */
      epoch: number;
      /** Epochs planned. */
      epochs: number;
    }
  | {
      /** The run finished. */
      type: 'result';
      /** Its row. */
      row: ResultRow;
    }
  | {
      /** The run threw. */
      type: 'error';
      /** Error class name. */
      name: string;
      /** `UmqError` code, when it is one. */
      code?: string;
      /** Message. */
      message: string;
    }
  | {
      /** This machine cannot run it (its copy of the data differs or is missing): not the run's fault. */
      type: 'refused';
      /** Why, and what to do. */
      message: string;
    };

function send(message: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** The last data set loaded, by its spec (paths resolved): runs of one study share it. */
let cached: { key: string; ds: MultimodalDataset; hash: string } | null = null;

async function loadOwnCopy(payload: RunPayload, dataRoot: string): Promise<{ ds: MultimodalDataset } | { refused: string }> {
  const spec = withDataRoot(payload.dataset.spec, dataRoot);
  const where = 'path' in spec ? `at ${spec.path}` : `(${JSON.stringify(spec)})`;
  const key = JSON.stringify(spec);
  if (cached?.key === key && cached.hash === payload.dataset.hash) return { ds: cached.ds };
  let ds: MultimodalDataset;
  try {
    ds = await loadDataset(spec);
  } catch (e) {
    return { refused: `cannot load the data set ${payload.dataset.name} ${where} on this machine (${(e as Error).message}): copy the coordinator's files there (the same relative paths under --data-root, or a shared file system) and start the worker again` };
  }
  const hash = datasetContentHash(ds);
  if (hash !== payload.dataset.hash) {
    return { refused: `the data set ${payload.dataset.name} ${where} on this machine hashes to ${hash}, but the run was queued for ${payload.dataset.hash}: this machine's copy differs from the coordinator's; copy the same files here (or point --data-root at them) and start the worker again` };
  }
  cached = { key, ds, hash };
  return { ds };
}

async function serve(message: Extract<ToChild, { type: 'run' }>): Promise<void> {
  try {
    const payload = parseRunPayload(message.payload);
    const own = await loadOwnCopy(payload, message.dataRoot);
    if ('refused' in own) return send({ type: 'refused', message: own.refused });
    const ds = payload.trainPerClass ? subsampleTrainPerClass(ensureValidation(own.ds), payload.trainPerClass) : own.ds;
    const recipe = payload.recipe ?? 'default';
    const epochs = payload.trainOptions.epochs ?? RECIPE_TRAINING[recipe].epochs ?? TRAIN_DEFAULTS.epochs;
    const row = await runExperiment(ds, { model: payload.model, ablation: payload.ablation, setting: payload.setting, seed: payload.seed }, {
      recipe,
      model: payload.modelOptions,
      train: { ...payload.trainOptions, progress: false, onEpoch: (r) => void send({ type: 'progress', epoch: r.epoch + 1, epochs }) },
    });
    await send({ type: 'result', row: JSON.parse(JSON.stringify(row)) as ResultRow });
  } catch (e) {
    const err = e as Error;
    await send({ type: 'error', name: err?.name ?? 'Error', ...(e instanceof UmqError ? { code: e.code } : {}), message: err?.message ?? String(e) });
  }
}

/**
 * Serves runs over the IPC channel, one at a time, until the worker sends `exit` or goes away;
 * returns the exit code for the process. SIGINT and SIGTERM are ignored: the worker decides
 * when a run stops, and kills this process then.
 *
 * @throws StateError when started without an IPC channel (by hand).
 * @example
 * ```ts
 * // what `umq _run` does; the worker forks it, waits for { type: 'ready' }, then sends { type: 'run', payload, dataRoot, attempt }
 * process.exit(await serveRuns());
 * ```
 */
export async function serveRuns(): Promise<number> {
  if (!process.send) throw new StateError('umq _run serves runs for `umq worker` over an IPC channel; start `umq worker --queue URL` instead');
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  await initEngine();
  return new Promise((resolve) => {
    let chain = Promise.resolve();
    process.on('disconnect', () => resolve(0)); // the worker is gone: nobody wants a run any more
    process.on('message', (m: ToChild) => {
      if (m?.type === 'exit') {
        chain.then(() => resolve(0));
      } else if (m?.type === 'run') {
        chain = chain.then(() => serve(m));
      }
    });
    void send({ type: 'ready' });
  });
}
