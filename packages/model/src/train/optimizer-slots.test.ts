import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, AdamW, MLP, StateError } from '@umq/core';
import { readSlots, writeSlots, copyOptimizer } from './optimizer-slots';

function stepOnce(net: MLP, opt: AdamW): void {
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(net.call(tf.ones([2, 3])))) as tf.Scalar, net.parameters());
  opt.applyGradients(grads);
  tf.dispose([value, ...Object.values(grads)]);
}

describe('optimizer slots across threads', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('read by dotted name, written into another optimizer of other variables, they give the same next step', () => {
    const a = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 1 });
    const b = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 1 }); // same weights, other variable names
    const optA = new AdamW({ learningRate: 1e-2 });
    const optB = new AdamW({ learningRate: 1e-2 });
    expect(readSlots(optA, a.namedParameters())).toEqual({}); // no step yet: no slots
    stepOnce(a, optA);
    const slots = readSlots(optA, a.namedParameters());
    expect(Object.keys(slots).sort()).toEqual(a.namedParameters().map(([n]) => n).sort());
    expect(slots['l1.weight'].step).toBe(1);
    b.loadStateDict(a.stateDict());
    writeSlots(optB, b.namedParameters(), slots);
    stepOnce(a, optA);
    stepOnce(b, optB);
    for (const [k, v] of Object.entries(a.stateDict())) expect(Array.from(b.stateDict()[k].dataSync())).toEqual(Array.from(v.dataSync()));
    // removing: the slots of these parameters leave, the others stay
    writeSlots(optA, a.namedParameters().filter(([n]) => n.startsWith('l1.')), {}, { remove: true });
    expect(Object.keys(readSlots(optA, a.namedParameters())).sort()).toEqual(['l2.bias', 'l2.weight']);
    // a copy holds the same state under the same variables
    const copy = copyOptimizer(optB);
    expect(readSlots(copy, b.namedParameters())).toEqual(readSlots(optB, b.namedParameters()));
    expect(() => writeSlots(optB, b.namedParameters(), { 'l3.weight': slots['l1.weight'] })).toThrow(StateError);
    expect(() => writeSlots(optB, b.namedParameters(), { 'l1.weight': slots['l1.bias'] })).toThrow(/has 4 values, the parameter 12/);
    [optA, optB, copy].forEach((o) => o.dispose());
    a.dispose();
    b.dispose();
  });
});
