import { describe, it, expect } from 'vitest';
import { deriveSeed } from '@umq/core';
import { corruptionSeed } from './seeds';

describe('corruptionSeed', () => {
  it('re-draws training corruption per epoch, draws valid/test once per run seed, keeps settings apart', () => {
    expect(corruptionSeed(1, 'train', 's', 0)).toBe(corruptionSeed(1, 'train', 's', 0));
    expect(corruptionSeed(1, 'train', 's', 0)).not.toBe(corruptionSeed(1, 'train', 's', 1));
    expect(corruptionSeed(1, 'test', 's')).toBe(corruptionSeed(1, 'test', 's'));
    expect(corruptionSeed(1, 'test', 's')).not.toBe(corruptionSeed(2, 'test', 's'));
    expect(corruptionSeed(1, 'test', 's')).not.toBe(corruptionSeed(1, 'test', 't'));
    expect(corruptionSeed(1, 'valid', 's')).not.toBe(corruptionSeed(1, 'test', 's'));
    expect(() => corruptionSeed(1, 'train', 's')).toThrowError(/epoch/);
    expect(() => corruptionSeed(1, 'test', 's', 3)).toThrowError(/omitted/);
    expect(() => corruptionSeed(1, 'val' as never, 's')).toThrowError(/'valid'/);
  });

  it('is the derivation the harness has always used (results stay reproducible)', () => {
    const label = JSON.stringify({ kind: 'missing', rate: 0.5 });
    expect(corruptionSeed(3, 'train', label, 7)).toBe(deriveSeed(3, 'train', label, 7));
    expect(corruptionSeed(3, 'valid', label)).toBe(deriveSeed(3, 'valid', label));
    expect(corruptionSeed(3, 'test', label)).toBe(deriveSeed(3, 'test', label));
  });
});
