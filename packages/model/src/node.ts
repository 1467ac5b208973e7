/**
 * `@umq/model/node`: the part of `@umq/model` that needs Node. Saved-model folders
 * (`saveModel`, `loadModel`), training checkpoints and the JSONL log (`train`'s `checkpointDir`
 * and `logFile`), the encoder-worker and data-parallel runners (worker threads), sweeps and searches (child
 * processes), the job queue (BullMQ), report files, and the `umq` CLI's `main`. Importing it
 * registers the runner, the checkpoint folders and the log with `train()`.
 *
 * In Node, `@umq/model` itself also exports all of this (its `node` export condition), so code
 * written for 0.1.0 keeps working; import it from `@umq/model/node` where TypeScript resolves
 * with `moduleResolution: "bundler"` or the code may also be bundled for a browser.
 *
 * @packageDocumentation
 */
import './train/node-platform';

export { EncoderWorkerRunner } from './train/encoder-workers/runner';
export { directoryCheckpoints } from './train/checkpoint';
export { saveModel, loadModel } from './saved-model-files';
export type { EncoderWorkerRunnerOptions } from './train/encoder-workers/runner';
export { DataParallelRunner } from './train/replicas/runner';
export type { DataParallelRunnerOptions } from './train/replicas/runner';
export { runSweep, runShard, planExperiments, readRows, rowKey } from './eval/sweep';
export type { SweepPlan, SweepOptions, PlanTrainOptions } from './eval/sweep';
export { runSearch, sampleTrials, gridTrials, DEFAULT_SEARCH_SPACE } from './eval/search';
export { runQueuedStudy } from './queue/coordinator';
export type { QueueStudyOptions } from './queue/coordinator';
export { StudyProgress } from './queue/study-progress';
export type { StudyProgressOptions, RunProgress } from './queue/study-progress';
export { runWorker } from './queue/worker';
export type { WorkerOptions, WorkerSummary } from './queue/worker';
export type { ChildEntry } from './queue/child-run';
export { queueStatus, retryFailed, cleanQueue } from './queue/queue-admin';
export type { QueueStatus, FailedRun, CleanState } from './queue/queue-admin';
export { parseQueueUrl } from './queue/queue-url';
export type { QueueAddress } from './queue/queue-url';
export { runIdentity, resolvedModelOptions, resolvedTrainOptions } from './queue/run-identity';
export type { RunKey, RunIdentity } from './queue/run-identity';
export { runPayload, QUEUE_SCHEMA_VERSION } from './queue/run-payload';
export type { RunPayload, RunDataset, RunModelOptions, RunTrainOptions } from './queue/run-payload';
export { parseRunPayload } from './queue/parse-payload';
export { datasetContentHash } from './queue/dataset-hash';
export type { SearchPlan, SearchResult, SearchSpace, TrialConfig } from './eval/search';
export { writeReport, readResults } from './report/write';
export type { ResultsFile } from './report/write';
export { main } from './cli/main';
