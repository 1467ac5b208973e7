#!/usr/bin/env node
/**
 * The `umq` command line. Errors print one line saying what to do and exit with code 2 (stack
 * traces only with --verbose).
 */
import { UmqError } from '@umq/core';
import '../train/node-platform'; // worker threads, checkpoint folders and the JSONL log for train()
import { helpText, parseCommand, type CommandSpec, type Values } from './args';
import { INFO, runInfo } from './commands/info';
import { TRAIN, EVAL, runTrain, runEval } from './commands/train';
import { PREDICT, runPredict } from './commands/predict';
import { SWEEP, ABLATE, SHARD, runSweepCommand, runAblate, runShardCommand } from './commands/sweep';
import { REPORT, runReport } from './commands/report';
import { SEARCH, runSearchCommand } from './commands/search';
import { WORKER, RUN_CHILD, runWorkerCommand, runChildCommand } from './commands/worker';
import { QUEUE, runQueueCommand } from './commands/queue';

const COMMANDS: [CommandSpec, (values: Values, positionals: string[]) => Promise<void>][] = [
  [INFO, runInfo],
  [TRAIN, runTrain],
  [EVAL, runEval],
  [PREDICT, runPredict],
  [SWEEP, runSweepCommand],
  [ABLATE, runAblate],
  [REPORT, runReport],
  [SEARCH, runSearchCommand],
  [SHARD, runShardCommand],
  [WORKER, runWorkerCommand],
  [QUEUE, runQueueCommand],
  [RUN_CHILD, runChildCommand],
];

function usage(): string {
  return ['umq: robust multimodal learning with the Unified Modality-Quality framework', '', 'commands:', ...COMMANDS.filter(([c]) => !c.name.startsWith('_')).map(([c]) => `  ${c.name.padEnd(9)} ${c.summary}`), '', 'umq COMMAND --help for its options'].join('\n');
}

/**
 * Runs the CLI with `argv` (without node and script); returns the exit code.
 *
 * @example
 * ```ts
 * const code = await main(['train', '--dataset', 'synthetic', '--epochs', '5', '--out', 'runs/demo']);
 * process.exitCode = code;
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find(([c]) => c.name === name);
  const verbose = rest.includes('--verbose');
  if (!entry) {
    console.error(`umq: unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.filter(([c]) => !c.name.startsWith('_')).map(([c]) => c.name).join(', ')}`);
    return 2;
  }
  const [spec, run] = entry;
  try {
    const { values, positionals } = parseCommand(spec, rest);
    if (values.help) {
      console.log(helpText(spec));
      return 0;
    }
    await run(values, positionals);
    return 0;
  } catch (e) {
    if (verbose) console.error(e);
    if (e instanceof UmqError) console.error(`umq ${name}: ${e.message}`);
    else console.error(`umq ${name}: ${(e as Error)?.message ?? String(e)}${verbose ? '' : ' (run with --verbose for details)'}`);
    return 2;
  }
}

const isMain = (() => {
  const arg = process.argv[1] ?? '';
  return /(^|[\\/])(main\.(ts|js|cjs|mjs)|umq)$/.test(arg);
})();
if (isMain) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
