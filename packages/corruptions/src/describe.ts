/**
 * Labels for protocols: a short human label ({@link describeProtocol}) and a parseable string
 * ({@link formatProtocol}, the inverse of {@link parseProtocol}).
 */
import type { CorruptionProtocol } from './protocol';
import { validateProtocol } from './validate-protocol';
import { CONFLICT_DEFAULTS } from './conflict';

const CIDER_LABEL: Record<string, string> = {
  'cider-rmfm': 'RMFM',
  'cider-rmfm-traditional': 'trad. RMFM',
  rmm: 'RMM',
  tmfm: 'TMFM',
  stmfm: 'STMFM',
};

/**
 * A short human label for tables and plots, e.g. `'noise 0.3'`, `'missing 0.5'`,
 * `'RMFM train'`, `'SMM keep {0,2}'`. Non-default fills are named.
 *
 * @example
 * ```ts
 * describeProtocol({ kind: 'gaussian', rate: 0.3 });             // 'noise 0.3'
 * describeProtocol({ kind: 'missing', rate: 0.5, fill: 'zeros' }); // 'missing 0.5 (zeros)'
 * describeProtocol({ kind: 'conflict' });                          // 'conflict 0.4 (noise 0.1, σ 0.5)'
 * ```
 */
export function describeProtocol(p: CorruptionProtocol): string {
  validateProtocol(p);
  switch (p.kind) {
    case 'clean':
      return 'clean';
    case 'gaussian':
      return `noise ${p.rate}`;
    case 'laplace':
      return `laplace ${p.rate}`;
    case 'erase':
      return `erase ${p.rate}`;
    case 'other-noises':
      return `other noises ${p.rate}`;
    case 'missing':
      return `missing ${p.rate}${p.fill === 'zeros' ? ' (zeros)' : ''}`;
    case 'cider-rmfm':
    case 'cider-rmfm-traditional':
    case 'rmm':
    case 'tmfm':
    case 'stmfm':
      return `${CIDER_LABEL[p.kind]} ${p.mode === 'train' ? 'train' : p.rate}${p.fill === 'gaussian' ? ' (gaussian)' : ''}`;
    case 'smm':
      return `SMM ${p.kept !== undefined ? `keep {${p.kept.join(',')}}` : `pattern ${p.pattern}`}${p.fill === 'gaussian' ? ' (gaussian)' : ''}`;
    case 'hetero-noise':
      return `hetero noise R=${p.bound}`;
    case 'hetero-mixed': {
      const range = p.noisyRange ? ` r~U(${p.noisyRange[0]},${p.noisyRange[1]})` : '';
      return `hetero mixed ${p.pClean ?? 0.4}/${p.pNoisy ?? 0.4}/${p.pMissing ?? 0.2}${range}${p.fill === 'zeros' ? ' (zeros)' : ''}`;
    }
    case 'conflict': {
      const d = CONFLICT_DEFAULTS;
      return `conflict ${p.rate ?? d.rate} (noise ${p.noiseRate ?? d.noiseRate}, σ ${p.sigma ?? d.sigma}${p.donor === 'first' ? ', first donor' : ''})`;
    }
  }
}

/**
 * A string {@link parseProtocol} reads back to the same protocol: `kind[:value][:key=value]...`.
 *
 * @example
 * ```ts
 * formatProtocol({ kind: 'cider-rmfm', rate: 0.3, mode: 'train' }); // 'cider-rmfm:0.3:mode=train'
 * formatProtocol({ kind: 'smm', kept: [0, 2] });                    // 'smm:kept=0+2'
 * ```
 */
export function formatProtocol(p: CorruptionProtocol): string {
  validateProtocol(p);
  const parts: string[] = [p.kind];
  const opt = (k: string, v: unknown): void => {
    if (v !== undefined) parts.push(`${k}=${v}`);
  };
  switch (p.kind) {
    case 'clean':
      break;
    case 'gaussian':
    case 'laplace':
    case 'erase':
    case 'other-noises':
      parts.push(String(p.rate));
      break;
    case 'missing':
      parts.push(String(p.rate));
      opt('fill', p.fill);
      break;
    case 'cider-rmfm':
    case 'cider-rmfm-traditional':
    case 'rmm':
    case 'tmfm':
    case 'stmfm':
      if (p.rate !== undefined) parts.push(String(p.rate));
      opt('mode', p.mode);
      opt('fill', p.fill);
      break;
    case 'smm':
      if (p.kept !== undefined) opt('kept', p.kept.join('+'));
      opt('pattern', p.pattern);
      opt('fill', p.fill);
      break;
    case 'hetero-noise':
      parts.push(String(p.bound));
      break;
    case 'hetero-mixed':
      opt('pClean', p.pClean);
      opt('pNoisy', p.pNoisy);
      opt('pMissing', p.pMissing);
      if (p.noisyRange) opt('noisyRange', `${p.noisyRange[0]}..${p.noisyRange[1]}`);
      opt('fill', p.fill);
      break;
    case 'conflict':
      if (p.rate !== undefined) parts.push(String(p.rate));
      opt('noiseRate', p.noiseRate);
      opt('sigma', p.sigma);
      opt('donor', p.donor);
      break;
  }
  return parts.join(':');
}
