import { describe, it, expect } from 'vitest';
import { OptionError } from '../errors';
import { constantSchedule, stepDecaySchedule, warmupCosineSchedule } from './schedules';

describe('learning-rate schedules', () => {
  it('constantSchedule returns its rate at every step', () => {
    const s = constantSchedule({ lr: 1e-5 });
    expect([0, 1, 999].map(s)).toEqual([1e-5, 1e-5, 1e-5]);
    expect(() => constantSchedule({ lr: -1 })).toThrow(OptionError);
    expect(() => s(-1)).toThrow(OptionError);
    expect(() => s(1.5)).toThrow(OptionError);
  });

  it('warmupCosineSchedule warms up linearly then follows a half cosine to minLr', () => {
    const s = warmupCosineSchedule({ peakLr: 1e-3, warmupSteps: 10, totalSteps: 110, minLr: 1e-4 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBeCloseTo(5e-4, 15);
    expect(s(10)).toBeCloseTo(1e-3, 15);
    // halfway through the decay: minLr + (peak - minLr)/2
    expect(s(60)).toBeCloseTo(1e-4 + 0.9e-3 * 0.5, 15);
    // a quarter: 0.5 * (1 + cos(pi/4))
    expect(s(35)).toBeCloseTo(1e-4 + 0.9e-3 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(s(110)).toBeCloseTo(1e-4, 15);
    expect(s(500)).toBeCloseTo(1e-4, 15);
    const noWarm = warmupCosineSchedule({ peakLr: 2, totalSteps: 4 });
    expect([0, 1, 2, 3, 4].map(noWarm).map((x) => Number(x.toFixed(12)))).toEqual([2, 1 + Math.SQRT1_2, 1, 1 - Math.SQRT1_2, 0].map((x) => Number(x.toFixed(12))));
    expect(() => warmupCosineSchedule({ peakLr: 1, warmupSteps: 10, totalSteps: 10 })).toThrow(OptionError);
    expect(() => warmupCosineSchedule({ peakLr: 1, totalSteps: 10, minLr: 2 })).toThrow(OptionError);
  });

  it('stepDecaySchedule multiplies by gamma every stepSize steps (PyTorch StepLR)', () => {
    const s = stepDecaySchedule({ lr: 1e-3, stepSize: 10, gamma: 0.5 });
    expect([0, 9, 10, 19, 20, 35].map(s)).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4, 1.25e-4]);
    expect(stepDecaySchedule({ lr: 1, stepSize: 1 })(2)).toBeCloseTo(0.01, 15);
    expect(() => stepDecaySchedule({ lr: 1, stepSize: 0 })).toThrow(OptionError);
    expect(() => stepDecaySchedule({ lr: 1, stepSize: 1, gamma: 0 })).toThrow(OptionError);
  });
});
