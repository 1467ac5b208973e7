import { describe, expect, it } from 'vitest';
import { planExperiments } from './sweep';

describe('a sweep plan with settings beyond protocols × rates', () => {
  it("adds each setting, with its options, to every model and seed (RCML's donors from the whole data set)", () => {
    const specs = planExperiments({ dataset: { kind: 'synthetic' }, models: ['tmc', 'late-fusion'], protocols: ['clean'], rates: [], settings: ['conflict:0.4:donor=first'], seeds: [1, 2] });
    expect(specs).toHaveLength(8);
    const conflict = specs.filter((s) => s.setting.kind === 'conflict');
    expect(conflict).toHaveLength(4);
    expect(conflict[0].setting).toMatchObject({ kind: 'conflict', protocol: { kind: 'conflict', rate: 0.4, donor: 'first' } });
  });
  it('names a malformed setting', () => {
    expect(() => planExperiments({ dataset: { kind: 'synthetic' }, models: ['tmc'], protocols: [], rates: [], settings: ['noise:2'], seeds: [1] })).toThrow(/needs a rate in \[0, 1\]/);
  });
});
