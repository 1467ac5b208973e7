import { describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { parseCommand } from './args';
import { TRAIN } from './commands/train';
import { trainOptions } from './common';

describe('trainOptions', () => {
  it('--encoder-workers N becomes train({ encoderWorkers: N }), 0 (serial) by default; a bad count is an OptionError naming the flag', () => {
    const parse = (...argv: string[]) => trainOptions(parseCommand(TRAIN, argv).values);
    expect(parse().encoderWorkers).toBe(0);
    expect(parse('--encoder-workers', '2').encoderWorkers).toBe(2);
    expect(() => parse('--encoder-workers', '-1')).toThrow(OptionError);
    expect(() => parse('--encoder-workers', 'two')).toThrow(/--encoder-workers must be an integer >= 0/);
  });

  it('--encoder-split picks how the workers divide the encoders: modalities by default, or rows; anything else is an OptionError naming the choices', () => {
    const parse = (...argv: string[]) => trainOptions(parseCommand(TRAIN, argv).values);
    expect(parse().encoderSplit).toBe('modalities');
    expect(parse('--encoder-split', 'rows').encoderSplit).toBe('rows');
    expect(() => parse('--encoder-split', 'batch')).toThrow(/--encoder-split.*modalities.*rows/);
  });
});
