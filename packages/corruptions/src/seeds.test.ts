import { describe, it, expect } from 'vitest';
import { corruptionSeed } from './seeds';

describe('corruptionSeed', () => {
  it('re-draws training corruption per epoch, draws val/test once per run seed', () => {
    expect(corruptionSeed(1, 'train', 0)).toBe(corruptionSeed(1, 'train', 0));
    expect(corruptionSeed(1, 'train', 0)).not.toBe(corruptionSeed(1, 'train', 1));
    expect(corruptionSeed(1, 'test')).toBe(corruptionSeed(1, 'test'));
    expect(corruptionSeed(1, 'test')).not.toBe(corruptionSeed(2, 'test'));
    expect(corruptionSeed(1, 'val')).not.toBe(corruptionSeed(1, 'test'));
    expect(() => corruptionSeed(1, 'train')).toThrowError(/epoch/);
    expect(() => corruptionSeed(1, 'test', 3)).toThrowError(/omitted/);
  });
});
