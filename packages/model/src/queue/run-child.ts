/**
 * The child process of one queued run (`umq _run`, started by `umq worker` with an IPC
 * channel): it receives the payload, loads its own copy of the data set, refuses to train when
 * that copy hashes differently from the coordinator's, trains with `runExperiment` exactly as
 * the local sweep does, reports every epoch and sends the row back. Training blocks this
 * process's event loop, never the worker's, so the worker keeps renewing the run's lock.
 */
import { initEngine, StateError, UmqError } from '@umq/core';
import { loadDataset, type MultimodalDataset } from '@umq/datasets';
import { runExperiment, type ResultRow } from '../eval/run-experiment';
import { ensureValidation, subsampleTrainPerClass } from '../eval/validation';
import { parseRunPayload } from './parse-payload';
import { datasetContentHash } from './dataset-hash';
import { withDataRoot, type RunPayload } from './run-payload';

/** What the worker sends its child. */
export interface ToChild {
  /** Message type. */
  type: 'run';
  /** The (checked) payload. */
  payload: RunPayload;
  /** Folder relative data paths are read from. */
  dataRoot: string;
  /** Attempt number (1 = first). */
  attempt: number;
}

/** What the child sends back. */
export type FromChild =
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

async function loadOwnCopy(payload: RunPayload, dataRoot: string): Promise<{ ds: MultimodalDataset } | { refused: string }> {
  const spec = withDataRoot(payload.dataset.spec, dataRoot);
  const where = 'path' in spec ? `at ${spec.path}` : `(${JSON.stringify(spec)})`;
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
  return { ds };
}

/**
 * Serves one run over the IPC channel and returns the exit code for the process: 0 after a
 * row, 1 after a reported error or refusal. SIGINT and SIGTERM are ignored (the worker decides when a run
 * stops, and kills it then); the process also ends when the worker's channel closes.
 *
 * @throws StateError when started without an IPC channel (by hand).
 * @example
 * ```ts
 * // what `umq _run` does; the worker forks it and sends { type: 'run', payload, dataRoot, attempt }
 * process.exit(await serveRun());
 * ```
 */
export async function serveRun(): Promise<number> {
  if (!process.send) throw new StateError('umq _run serves one run for `umq worker` over an IPC channel; start `umq worker --queue URL` instead');
  let finishing = false;
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  process.on('disconnect', () => {
    if (!finishing) process.exit(70); // the worker is gone: nobody wants this run any more
  });
  let code = 1;
  const message = await new Promise<ToChild>((resolve) => process.once('message', (m) => resolve(m as ToChild)));
  try {
    const payload = parseRunPayload(message.payload);
    await initEngine();
    const own = await loadOwnCopy(payload, message.dataRoot);
    if ('refused' in own) {
      await send({ type: 'refused', message: own.refused });
      code = 1;
    } else {
      const ds = payload.trainPerClass ? subsampleTrainPerClass(ensureValidation(own.ds), payload.trainPerClass) : own.ds;
      const epochs = payload.trainOptions.epochs ?? 50;
      const row = await runExperiment(ds, { model: payload.model, ablation: payload.ablation, setting: payload.setting, seed: payload.seed }, {
        model: payload.modelOptions,
        train: { ...payload.trainOptions, progress: false, onEpoch: (r) => void send({ type: 'progress', epoch: r.epoch + 1, epochs }) },
      });
      await send({ type: 'result', row: JSON.parse(JSON.stringify(row)) as ResultRow });
      code = 0;
    }
  } catch (e) {
    const err = e as Error;
    await send({ type: 'error', name: err?.name ?? 'Error', ...(e instanceof UmqError ? { code: e.code } : {}), message: err?.message ?? String(e) });
    code = 1;
  }
  finishing = true;
  process.disconnect();
  return code;
}
