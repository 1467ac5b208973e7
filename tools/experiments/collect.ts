// Collects the finished experiment folders of the earlier rounds (issues 6 and 9) under runs/ into
// docs/results-history.md (the lab history; docs/results.md is written by hand from
// field-tables.ts and the other scripts' output): per study the
// command, the tables of the sweep report (mean ± std over seeds), seed-paired differences and
// the time it took. Run: node --conditions=@umq/source --import tsx tools/experiments/collect.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, pairedTable, auilcTable, qualityTable, type ResultRow } from '@umq/model';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = join(root, 'runs');

/**
 * A study folder's rows. A `name@variant` folder renames the variant of its baseline rows
 * (sweeps label only UMQ rows), so that runs of one baseline under other training settings
 * get their own column.
 */
function load(spec: string, keep?: (r: ResultRow) => boolean): { rows: ResultRow[]; seconds: number; wall: number } | null {
  const [name, relabel] = spec.split('@');
  const f = join(runs, name, 'results.json');
  if (!existsSync(f)) return null;
  const r = JSON.parse(readFileSync(f, 'utf8'));
  let rows = (r.rows as ResultRow[]).filter((x) => !keep || keep(x));
  if (relabel) rows = rows.map((x) => (x.model === 'umq' || x.model === 'umq-oracle' ? x : { ...x, variant: relabel }));
  const seconds = rows.reduce((s, x) => s + x.seconds, 0);
  return { rows, seconds, wall: Number(r.meta?.seconds ?? 0) * (rows.length / Math.max(1, (r.rows as ResultRow[]).length)) };
}

const cols = (rows: ResultRow[]) => [...new Map(rows.map((r) => [`${r.model}|${r.variant}`, { model: r.model, variant: r.variant }])).values()];
const min = (s: number) => `${(s / 60).toFixed(0)} min`;
const out: string[] = ['# Results: the lab history', '', "Studies of the rounds before 2026-12-05 (issues 6 and 9), kept as they were measured; today's results are in [results.md](results.md).", '', `Measured on this repository's machine (2 cores, tfjs wasm), ${new Date().toISOString().slice(0, 10)}. Every number is mean ± std over the seeds listed (n - 1 std); accuracies and F1 in %. The commands are in \`tools/experiments/\`; each study folder under \`runs/\` also holds results.json (every row), results.csv, SVG plots and index.html.`, '', 'Which UMQ: the uniform, ablation and heterogeneous studies ran with the spec\'s defaults, so their \`umq\` (and \`umq-oracle\`) rows are today\'s \`--preset spec\`; \`umq[robust]\` is the default of the first round of issue 9 (the quality-weighted late-fusion path and corruption-supervised quality, chosen on validation accuracy of Handwritten hetero-mixed, seed 1, among the spec defaults and the two options); today\'s default also drops the vector encoders\' LayerNorm (\`umq[nonorm]\`, see the vectorNorm studies), and \`umq[current]\` / \`umq-oracle[current]\` in the heterogeneous studies are today\'s default run as it is (no option set; commit 39f4a13); \`umq[late-path]\` and \`umq[q-supervised]\` are each option alone. In the small-data study \`umq\` is today\'s default and \`umq[spec]\` the spec\'s; in the CUB studies \`umq\` is the round-1 default (with LayerNorm).', ''];

const heteroMixedLfq = (r: ResultRow) => r.protocol === 'hetero-mixed' && (r.model === 'late-fusion-q' || (r.model === 'umq' && r.variant === 'robust'));
const studies: { title: string; folders: string[]; metric: string; script: string; pairs?: [string, string][]; keep?: (r: ResultRow) => boolean; note?: string }[] = [
  { title: 'Uniform corruption, Handwritten (issue 6)', folders: ['uniform-handwritten'], metric: 'accuracy', script: 'uniform.sh', pairs: [['umq|full', 'early-fusion|default'], ['umq|full', 'late-fusion|default']] },
  { title: 'Uniform corruption, MOSI-utterance (issue 6)', folders: ['uniform-mosi'], metric: 'accuracy', script: 'uniform.sh', pairs: [['umq|full', 'early-fusion|default'], ['umq|full', 'late-fusion|default']] },
  { title: 'Table-6 ablations, MOSI-utterance (issue 6)', folders: ['ablate-mosi'], metric: 'accuracy', script: 'ablate.sh' },
  { title: 'Heterogeneous quality, Handwritten (issue 9)', folders: ['hetero-handwritten', 'hetero-handwritten-robust', 'hetero-handwritten-current', 'hetero-handwritten-late-path', 'hetero-handwritten-qsup'], metric: 'accuracy', script: 'hetero.sh', pairs: [['umq|current', 'late-fusion-q|default'], ['umq|current', 'late-fusion|default'], ['umq-oracle|current', 'umq|current'], ['umq|robust', 'late-fusion-q|default'], ['umq|late-path', 'umq|full'], ['umq|q-supervised', 'umq|full'], ['umq|robust', 'late-fusion|default'], ['umq|full', 'late-fusion-q|default'], ['umq-oracle|full', 'umq|full'], ['umq|robust', 'umq|full']], note: 'Verdict (issue 9): no UMQ configuration chosen on validation beats late-fusion-q here by 1 point, and the measurements say why. (1) On clean Handwritten, early and late fusion both reach 99.3 (the uniform study above): fusing the six views early adds nothing over combining their separate predictions (both at a ceiling, so this is weak evidence on its own). (2) Given the TRUE quality, late fusion gains only +0.5 over late-fusion-q (late-fusion-oracle 97.5, in the late-fusion options study below), so a better quality estimate alone cannot buy 1 point. (3) UMQ given the true quality still trails late-fusion-q (umq-oracle[current] 96.8, umq-oracle[robust] 96.6 against 97.0): on these data the fused MoE path costs accuracy. Quality-awareness itself does pay: quality weighting lifts late fusion by 1.4 points (95.6 to 97.0), UMQ\'s estimator follows the true quality more closely than late-fusion-q\'s (Spearman 0.81-0.86 vs 0.68), and on MOSI-utterance hetero-noise today\'s UMQ leads late-fusion-q by 0.5 points (3 of 3 seeds). A fused path can only win where modalities are complementary, which Handwritten\'s redundant views are not.' },
  { title: 'Heterogeneous quality, Handwritten hetero-mixed, ten seeds (issue 9, session 5)', folders: ['hetero-handwritten-s5-10seeds'], metric: 'accuracy', script: 'hetero.sh', pairs: [['umq|s5', 'late-fusion-q|default'], ['umq|s5', 'late-fusion|default'], ['late-fusion-oracle|default', 'late-fusion-q|default'], ['umq-oracle|s5', 'umq|s5']], note: '`umq[s5]` is today\'s default UMQ at the code of session 5 (no option set), `umq-oracle[s5]` the same given the true quality; seeds 1-10, 30 epochs at most, patience 6. Ten seeds narrow the gap to late-fusion-q that three seeds put at -1.3 to -1.5 points: -0.5 ± 1.1 here (4 of 10 wins). UMQ leads plain late fusion by +1.0 ± 1.2 (7 of 10), and true-quality late fusion leads late-fusion-q by about half a point, the room a better estimate could win.' },
  { title: 'Heterogeneous quality, MOSI-utterance (issue 9)', folders: ['hetero-mosi', 'hetero-mosi-robust', 'hetero-mosi-current'], metric: 'accuracy', script: 'hetero.sh', pairs: [['umq|current', 'late-fusion-q|default'], ['umq|current', 'late-fusion|default'], ['umq-oracle|current', 'umq|current'], ['umq|robust', 'late-fusion-q|default'], ['umq|full', 'late-fusion-q|default'], ['umq-oracle|full', 'umq|full']] },
  { title: 'Late-fusion options, Handwritten hetero-mixed (issue 9, round 2)', folders: ['hetero-handwritten', 'hetero-handwritten-robust', 'hw-hm-lw-learned', 'hw-hm-lw-learned+confidence', 'hw-hm-lw-fused', 'hw-hm-lw-enh', 'hw-hm-lw-headsgrad', 'hw-hm-oracle-robust', 'hw-hm-lfo'], keep: (r) => r.protocol === 'hetero-mixed' && (r.model !== 'umq' || r.variant !== 'full') && (r.model !== 'umq-oracle' || r.variant === 'robust') && r.model !== 'early-fusion' && r.model !== 'late-fusion', metric: 'accuracy', script: 'hetero-options.sh',
    note: 'Every row: 30 epochs at most, early stopping (patience 6) and the best validation loss restored, as in hetero.sh; `umq[robust]` is the round-1 default (with the vector encoders\' LayerNorm, as every row here); every `lw-*` row adds `lateFusionWeighting=learned` to it, then: `+confidence` the heads\' confidence, `fused` a task loss on the fused path (λ 0.5), `enh` the enhancer residual and quality-weighted keys, `headsgrad` encoder gradients from the heads only. Two upper bounds with the TRUE quality: `umq-oracle[robust]` (the round-1 default UMQ given 1 - r wherever it uses q) and `late-fusion-oracle` (late fusion weighted by 1 - r; its estimator is neither trained nor used, so ignore its quality row).',
    pairs: [['umq|lw-learned', 'late-fusion-q|default'], ['umq|lw-learned', 'umq|robust'], ['late-fusion-oracle|default', 'late-fusion-q|default'], ['umq-oracle|robust', 'late-fusion-q|default'], ['umq|lw-learned+confidence', 'umq|lw-learned'], ['umq|lw-fused', 'umq|lw-learned'], ['umq|lw-enh', 'umq|lw-learned'], ['umq|lw-headsgrad', 'umq|lw-learned']] },
  { title: 'Training budget and checkpoint selection, Handwritten hetero-mixed (issue 9, round 2)', folders: ['hetero-handwritten@epochs30', 'hw-hm-lw-learned', 'hw-hm-lw-long', 'hw-hm-lfq-long@epochs60', 'hw-hm-lw-fixed30', 'hw-hm-lfq-fixed30@fixed30', 'hw-hm-lw-metric', 'hw-hm-lfq-metric@metric', 'hw-hm-default-metric'],
    keep: (r) => r.protocol === 'hetero-mixed' && (r.model === 'late-fusion-q' || (r.model === 'umq' && r.variant !== 'full')), metric: 'accuracy', script: 'hetero-options.sh',
    note: 'The same UMQ (`lateFusionWeighting=learned`) and late-fusion-q under the same training settings: `epochs30` / `lw-learned` = 30 epochs, patience 6, best validation loss restored; `epochs60` / `lw-long` = 60 epochs, patience 10; `fixed30` / `lw-fixed30` = 30 epochs, the last weights kept; `metric` / `lw-metric` = 30 epochs, patience 10, best validation ACCURACY kept (`--monitor metric`); `default-metric` = the round-1 default UMQ (with LayerNorm, as every UMQ row here) under `--monitor metric`.',
    pairs: [['umq|lw-learned', 'late-fusion-q|epochs30'], ['umq|lw-long', 'late-fusion-q|epochs60'], ['umq|lw-fixed30', 'late-fusion-q|fixed30'], ['umq|lw-metric', 'late-fusion-q|metric'], ['umq|default-metric', 'late-fusion-q|metric']] },
  { title: 'Random search, Handwritten hetero-mixed: the best of 16 trials on validation (issue 9, round 2)', folders: ['search-handwritten-hetero/final', 'hetero-handwritten'], keep: (r) => r.protocol === 'hetero-mixed' && (r.variant === 'best' || r.model === 'late-fusion-q'), metric: 'accuracy', script: 'hetero-options.sh',
    note: 'Trials on seed 100 (not a test seed), selected on validation accuracy only; the trial table is below. The best setting was then re-run on seeds 1-3 and tested.',
    pairs: [['umq|best', 'late-fusion-q|default']] },
  { title: 'Heterogeneous quality and clean data, CUB (two views, 420 training samples; issue 9, round 2)', folders: ['hetero-cub', 'hetero-cub-umq-metric', 'hetero-cub-lf-metric@metric', 'hetero-cub-spec'], metric: 'accuracy', script: 'hetero-options.sh',
    note: 'cub_googlenet_doc2vec_c10.mat: GoogLeNet image features (1,024) and doc2vec text features (300), 10 classes, a seeded stratified 70/10/20 split (120 test samples: one sample is 0.83 points). `umq` is the round-1 default (with LayerNorm), `umq[spec]` the spec\'s; the `metric` columns ran 30 epochs with patience 10 and `--monitor metric`, the others 30 epochs with patience 6 on validation loss.',
    pairs: [['umq|full', 'late-fusion-q|default'], ['umq|full', 'late-fusion|default'], ['umq|metric', 'late-fusion|metric'], ['umq|full', 'umq|spec']] },
  { title: 'CUB: UMQ settings against its clean-data gap (exploratory; issue 9, round 2)', folders: ['hetero-cub', 'cub-drop03', 'cub-wd01', 'cub-d32', 'cub-headsgrad', 'cub-learned', 'cub-nomoe'], keep: (r) => r.model === 'umq' || r.model === 'late-fusion', metric: 'accuracy', script: 'hetero-options.sh',
    note: 'The round-1 default UMQ (with LayerNorm) with one change each (dropout 0.3, weight decay 0.01, d 32, encoder gradients from the heads only, learned late-fusion weights, no MoE), 30 epochs, patience 6. None closes the clean-data gap to late fusion; late-fusion-q and late-fusion-oracle, which share UMQ\'s vector encoder (MLP, LayerNorm) and heads, sit at 90-91 too, against 93.6 for late fusion\'s plain MLPs.',
    pairs: [['umq|drop03', 'late-fusion|default'], ['umq|drop03', 'umq|full']] },
  { title: 'Vector encoders without LayerNorm (vectorNorm), Handwritten (issue 9, round 2)', folders: ['hw-nonorm', 'hetero-handwritten-robust', 'hetero-handwritten', 'uniform-handwritten'], keep: (r) => (r.protocol === 'clean' || r.protocol === 'hetero-mixed') && (r.variant === 'nonorm' || r.variant === 'robust' || r.model === 'late-fusion' || r.model === 'late-fusion-q'), metric: 'accuracy', script: 'hetero-options.sh',
    note: '`umq[nonorm]` = today\'s default (`vectorNorm: \'none\'`); `umq[robust]` = the same with the vector encoders\' LayerNorm (the default before). The choice was made on validation accuracy averaged over Handwritten and CUB, clean and hetero-mixed (`none` +1.7 points; MOSI-utterance\'s validation split leaks and was not used).',
    pairs: [['umq|nonorm', 'umq|robust'], ['umq|nonorm', 'late-fusion|default'], ['umq|nonorm', 'late-fusion-q|default']] },
  { title: 'Vector encoders without LayerNorm (vectorNorm), CUB (issue 9, round 2)', folders: ['cub-nonorm', 'hetero-cub'], keep: (r) => r.variant === 'nonorm' || r.model === 'umq' || r.model === 'late-fusion' || r.model === 'late-fusion-q', metric: 'accuracy', script: 'hetero-options.sh',
    note: '`umq[nonorm]` = today\'s default; `umq` = the same with LayerNorm (the default before).',
    pairs: [['umq|nonorm', 'umq|full'], ['umq|nonorm', 'late-fusion|default'], ['umq|nonorm', 'late-fusion-q|default']] },
  { title: 'Vector encoders without LayerNorm (vectorNorm), MOSI-utterance (issue 9, round 2)', folders: ['mosi-nonorm', 'hetero-mosi-robust', 'hetero-mosi', 'uniform-mosi'], keep: (r) => (r.protocol === 'clean' || r.protocol === 'hetero-mixed') && (r.variant === 'nonorm' || r.variant === 'robust' || r.model === 'late-fusion' || r.model === 'late-fusion-q'), metric: 'accuracy', script: 'hetero-options.sh',
    note: 'Fixed budget of 20 epochs (the validation split leaks, see ../shared/data/README.md). `umq[nonorm]` = today\'s default; `umq[robust]` = the same with LayerNorm.',
    pairs: [['umq|nonorm', 'umq|robust'], ['umq|nonorm', 'late-fusion|default']] },
  { title: 'Small data: ten training samples per class, Handwritten (issue 9)', folders: ['small-handwritten', 'small-handwritten-spec'], metric: 'accuracy', script: 'small-data.sh', pairs: [['umq|full', 'late-fusion|default'], ['umq|spec', 'late-fusion|default']] },
];

for (const st of studies) {
  const loaded = st.folders.map((f) => load(f, st.keep)).filter((x): x is NonNullable<typeof x> => x !== null);
  if (!loaded.length) continue;
  const rows = loaded.flatMap((l) => l.rows);
  const seconds = loaded.reduce((s, l) => s + l.seconds, 0);
  const wall = loaded.reduce((s, l) => s + l.wall, 0);
  out.push(`## ${st.title}`, '', `Command: \`tools/experiments/${st.script}\`; ${rows.length} runs in ${min(wall)} wall time with 2 worker processes (${min(seconds)} summed over runs).`, '');
  if (st.note) out.push(st.note, '');
  out.push(markdownTable(rows, st.metric), '');
  const second = rows[0].metrics.macroF1 !== undefined ? 'macroF1' : rows[0].metrics.weightedF1 !== undefined ? 'weightedF1' : null;
  if (second) out.push(`${second}:`, '', markdownTable(rows, second), '');
  for (const [a, b] of st.pairs ?? []) {
    const [am, av] = a.split('|');
    const [bm, bv] = b.split('|');
    if (!cols(rows).some((c) => c.model === am && c.variant === av) || !cols(rows).some((c) => c.model === bm && c.variant === bv)) continue;
    out.push(`Seed-paired ${st.metric} difference, points:`, '', pairedTable(rows, st.metric, { model: am, variant: av }, { model: bm, variant: bv }), '');
  }
  const au = auilcTable(rows, st.metric);
  if (au && st.script === 'uniform.sh') out.push('AUILC (clean as rate 0):', '', au, '');
  const qt = qualityTable(rows);
  if (qt) out.push('Quality diagnostics (test split):', '', qt, '');
  const searchMd = st.folders[0].endsWith('/final') ? join(runs, st.folders[0].replace(/\/final$/, ''), 'search.md') : null;
  if (searchMd && existsSync(searchMd)) out.push('Trials (validation accuracy, seed 100):', '', readFileSync(searchMd, 'utf8').split('\n').filter((l) => l.startsWith('|')).join('\n'), '');
}
writeFileSync(join(root, 'docs', 'results-history.md'), out.join('\n') + '\n');
console.log(`wrote docs/results-history.md (${out.length} lines)`);
