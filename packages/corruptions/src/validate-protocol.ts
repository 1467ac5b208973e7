/**
 * Validation of protocol values at the boundary, with named errors.
 */
import { OptionError, assertNumberInRange, assertOneOf } from '@umq/core';
import { PROTOCOL_KINDS, type CorruptionProtocol } from './protocol';

const FILLS = ['gaussian', 'zeros'] as const;
const MODES = ['test', 'train'] as const;
const DONORS = ['random', 'first'] as const;

function allowKeys(p: object, keys: readonly string[]): void {
  for (const k of Object.keys(p)) {
    if (!keys.includes(k)) {
      const kind = (p as { kind: string }).kind;
      throw new OptionError(
        `protocol '${kind}' has no option \`${k}\`: allowed are ${keys.map((x) => `\`${x}\``).join(', ')}`,
      );
    }
  }
}

/**
 * Checks a protocol value and throws {@link OptionError} naming the bad field. With
 * `numModalities`, also checks modality indices (SMM) against M.
 *
 * @param p - the protocol
 * @param numModalities - number of modalities M, when known
 * @example
 * ```ts
 * validateProtocol({ kind: 'missing', rate: 0.3 });        // ok
 * validateProtocol({ kind: 'gaussian', rate: 1.5 });        // throws OptionError (E_OPTION)
 * validateProtocol({ kind: 'smm', kept: [0, 2] }, 3);       // ok
 * ```
 */
export function validateProtocol(p: CorruptionProtocol, numModalities?: number): void {
  if (p === null || typeof p !== 'object' || !(PROTOCOL_KINDS as readonly string[]).includes((p as { kind?: unknown }).kind as string)) {
    throw new OptionError(
      `a corruption protocol must be an object with \`kind\` one of ${PROTOCOL_KINDS.join(', ')}, got ${JSON.stringify(p)}`,
    );
  }
  const hint = `fix protocol '${p.kind}'`;
  switch (p.kind) {
    case 'clean':
      allowKeys(p, ['kind']);
      return;
    case 'gaussian':
    case 'laplace':
    case 'erase':
    case 'other-noises':
      allowKeys(p, ['kind', 'rate']);
      assertNumberInRange(`${p.kind}.rate`, p.rate, 0, 1, hint);
      return;
    case 'missing':
      allowKeys(p, ['kind', 'rate', 'fill']);
      assertNumberInRange('missing.rate', p.rate, 0, 1, `${hint} (the reachable maximum is (M - 1)/M; larger requests are capped)`);
      if (p.fill !== undefined) assertOneOf('missing.fill', p.fill, FILLS);
      return;
    case 'cider-rmfm':
    case 'cider-rmfm-traditional':
    case 'rmm':
    case 'tmfm':
    case 'stmfm':
      allowKeys(p, ['kind', 'rate', 'mode', 'fill']);
      if (p.mode !== undefined) assertOneOf(`${p.kind}.mode`, p.mode, MODES);
      if (p.mode !== 'train' || p.rate !== undefined) assertNumberInRange(`${p.kind}.rate`, p.rate, 0, 1, hint);
      if (p.fill !== undefined) assertOneOf(`${p.kind}.fill`, p.fill, FILLS);
      return;
    case 'smm': {
      allowKeys(p, ['kind', 'kept', 'pattern', 'fill']);
      if (p.fill !== undefined) assertOneOf('smm.fill', p.fill, FILLS);
      const hasKept = p.kept !== undefined;
      const hasPattern = p.pattern !== undefined;
      if (hasKept === hasPattern) {
        throw new OptionError(`protocol 'smm' needs exactly one of \`kept\` (modality indices) or \`pattern\` (index into smmPatterns(M)), got ${JSON.stringify(p)}`);
      }
      if (hasPattern) {
        if (typeof p.pattern !== 'number' || !Number.isInteger(p.pattern) || p.pattern < 0) {
          throw new OptionError(`\`smm.pattern\` must be an integer >= 0, got ${JSON.stringify(p.pattern)}`);
        }
        if (numModalities !== undefined && p.pattern >= 2 ** numModalities - 2) {
          throw new OptionError(`\`smm.pattern\` is ${p.pattern}, but ${numModalities} modalities have ${2 ** numModalities - 2} patterns (0 .. ${2 ** numModalities - 3}): see smmPatterns(${numModalities})`);
        }
      } else {
        const kept = p.kept as readonly number[];
        if (!Array.isArray(kept) || kept.length === 0 || kept.some((k) => typeof k !== 'number' || !Number.isInteger(k) || k < 0)) {
          throw new OptionError(`\`smm.kept\` must be a non-empty list of modality indices (integers >= 0), got ${JSON.stringify(kept)}`);
        }
        if (new Set(kept).size !== kept.length) throw new OptionError(`\`smm.kept\` lists a modality twice: ${JSON.stringify(kept)}`);
        if (numModalities !== undefined) {
          const bad = kept.find((k) => k >= numModalities);
          if (bad !== undefined) throw new OptionError(`\`smm.kept\` names modality ${bad}, but the data has ${numModalities} modalities (0 .. ${numModalities - 1})`);
          if (kept.length >= numModalities) throw new OptionError(`\`smm.kept\` keeps all ${numModalities} modalities, so nothing is missing: use { kind: 'clean' } or drop at least one`);
        }
      }
      return;
    }
    case 'hetero-noise':
      allowKeys(p, ['kind', 'bound']);
      assertNumberInRange('hetero-noise.bound', p.bound, 0, 1, hint);
      return;
    case 'hetero-mixed': {
      allowKeys(p, ['kind', 'pClean', 'pNoisy', 'pMissing', 'noisyRange', 'fill']);
      if (p.pClean !== undefined) assertNumberInRange('hetero-mixed.pClean', p.pClean, 0, 1);
      if (p.pNoisy !== undefined) assertNumberInRange('hetero-mixed.pNoisy', p.pNoisy, 0, 1);
      if (p.pMissing !== undefined) assertNumberInRange('hetero-mixed.pMissing', p.pMissing, 0, 1);
      const pc = p.pClean ?? 0.4;
      const pn = p.pNoisy ?? 0.4;
      if (pc + pn <= 0) {
        throw new OptionError(`hetero-mixed needs pClean + pNoisy > 0 (every sample keeps a modality), got pClean=${pc}, pNoisy=${pn}`);
      }
      if (p.noisyRange !== undefined) {
        const r = p.noisyRange;
        if (!Array.isArray(r) || r.length !== 2) throw new OptionError(`\`hetero-mixed.noisyRange\` must be [lo, hi], got ${JSON.stringify(r)}`);
        assertNumberInRange('hetero-mixed.noisyRange[0]', r[0], 0, 1);
        assertNumberInRange('hetero-mixed.noisyRange[1]', r[1], 0, 1);
        if (r[0] > r[1]) throw new OptionError(`\`hetero-mixed.noisyRange\` must have lo <= hi, got ${JSON.stringify(r)}`);
      }
      if (p.fill !== undefined) assertOneOf('hetero-mixed.fill', p.fill, FILLS);
      return;
    }
    case 'conflict':
      allowKeys(p, ['kind', 'rate', 'noiseRate', 'sigma', 'donor']);
      if (p.rate !== undefined) assertNumberInRange('conflict.rate', p.rate, 0, 1, `${hint} (the fraction of samples with a replaced view; RCML: 0.4)`);
      if (p.noiseRate !== undefined) assertNumberInRange('conflict.noiseRate', p.noiseRate, 0, 1, `${hint} (the fraction of noised samples; RCML: 0.1)`);
      if (p.sigma !== undefined) assertNumberInRange('conflict.sigma', p.sigma, 0, Number.MAX_VALUE, `${hint} (the noise standard deviation; RCML: 0.5)`);
      if (p.donor !== undefined) assertOneOf('conflict.donor', p.donor, DONORS);
      return;
  }
}
