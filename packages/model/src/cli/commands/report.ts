/**
 * `umq report DIR`: re-renders tables, plots and the HTML page from `results.json`.
 */
import { join } from 'node:path';
import { OptionError } from '@umq/core';
import { readResults, writeReport } from '../../report/write';
import type { CommandSpec, Values } from '../args';

export const REPORT: CommandSpec = {
  name: 'report',
  summary: 're-render results.md, results.csv, plots/ and index.html from DIR/results.json',
  usage: 'umq report DIR',
  options: {},
  positionals: 1,
};

export async function runReport(_values: Values, positionals: string[]): Promise<void> {
  const dir = positionals[0];
  if (!dir) throw new OptionError('umq report needs the sweep folder: umq report DIR');
  const results = readResults(join(dir, 'results.json'));
  console.log(writeReport(dir, results));
}
