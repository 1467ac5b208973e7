import { describe, it, expect } from 'vitest';
import { UmqError, ShapeError, OptionError, DataFormatError, EngineError, StateError, NumericError, WorkerError } from './errors';

describe('error classes', () => {
  it('carry literal names and stable codes (minified bundles rename the classes themselves)', () => {
    const made = [new ShapeError('m'), new OptionError('m'), new DataFormatError('m', 'f.csv'), new EngineError('m'), new StateError('m'), new NumericError('m'), new WorkerError('m', 'encoder worker 1')];
    expect(made.map((e) => `${e.name}:${e.code}`)).toEqual([
      'ShapeError:E_SHAPE', 'OptionError:E_OPTION', 'DataFormatError:E_DATA_FORMAT', 'EngineError:E_ENGINE', 'StateError:E_STATE', 'NumericError:E_NUMERIC', 'WorkerError:E_WORKER',
    ]);
    expect(made.every((e) => e instanceof UmqError && e instanceof Error)).toBe(true);
    expect(new UmqError('E_OPTION', 'm').name).toBe('UmqError');
    expect(String(new DataFormatError('bad row', 'f.csv'))).toBe('DataFormatError: f.csv: bad row');
  });

  it("a user's subclass keeps its own name", () => {
    class MissingRowError extends DataFormatError {}
    const e = new MissingRowError('row 3', 'x.csv');
    expect(e.name).toBe('MissingRowError');
    expect(e.code).toBe('E_DATA_FORMAT');
  });
});
