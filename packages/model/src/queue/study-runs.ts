/**
 * The runs of a study: its experiments grouped by run id. Experiments that differ only in
 * their label (a `--label` variant equal to the defaults, a search trial equal to trial 0 on
 * the same seed) are one run: it is queued and trained once, and its row is recorded under
 * each label.
 */
import type { ExperimentSpec } from '../eval/run-experiment';
import type { SweepPlan } from '../eval/sweep';
import { runIdentity } from './run-identity';
import { runPayload, type RunDataset, type RunPayload } from './run-payload';

/** One run of a study and the experiments (rows) it fills. */
export interface StudyRun {
  /** Run id (the BullMQ job id). */
  id: string;
  /** The job payload. */
  payload: RunPayload;
  /** The experiments whose rows this run gives, in plan order. */
  specs: ExperimentSpec[];
}

/**
 * Groups experiments of a plan into runs, in the order of their first experiment.
 *
 * @param plan the sweep plan.
 * @param specs experiments of the plan (e.g. the ones not done yet).
 * @param dataset the plan's data set with name and content hash.
 * @example
 * ```ts
 * const runs = studyRuns(plan, planExperiments(plan), { spec: plan.dataset, name: ds.name, hash: datasetContentHash(ds) });
 * ```
 */
export function studyRuns(plan: SweepPlan, specs: ExperimentSpec[], dataset: RunDataset): StudyRun[] {
  const runs = new Map<string, StudyRun>();
  for (const spec of specs) {
    const payload = runPayload(plan, spec, dataset);
    const { id } = runIdentity(payload);
    const run = runs.get(id);
    if (run) run.specs.push(spec);
    else runs.set(id, { id, payload, specs: [spec] });
  }
  return [...runs.values()];
}

/**
 * A short human label of a run: model, variant, protocol, rate, seed.
 *
 * @param spec the run's (first) experiment.
 * @example
 * ```ts
 * runLabel({ model: 'umq', setting: { kind: 'noise', rate: 0.3 }, seed: 1 }); // 'umq noise 0.3 seed 1'
 * ```
 */
export function runLabel(spec: ExperimentSpec): string {
  const s = spec.setting;
  const where = 'rate' in s ? `${s.kind === 'cider' ? s.type : s.kind} ${s.rate}` : s.kind === 'hetero-noise' ? `hetero-noise ${s.bound}` : s.kind;
  const variant = spec.variant && spec.variant !== 'default' && spec.variant !== 'full' ? `[${spec.variant}]` : '';
  return `${spec.model}${variant} ${where} seed ${spec.seed}`;
}
