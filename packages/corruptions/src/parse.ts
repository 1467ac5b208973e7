/**
 * `parseProtocol`: the CLI syntax of corruption protocols.
 */
import { OptionError } from '@umq/core';
import { PROTOCOL_KINDS, type CorruptionProtocol } from './protocol';
import { validateProtocol } from './validate-protocol';

const SYNTAX =
  "write kind[:value][:key=value]..., e.g. 'clean', 'noise:0.3', 'missing:0.5:fill=zeros', 'cider-rmfm:0.3:mode=train', 'cider:stmfm:0.2', 'smm:kept=0+2', 'smm:pattern=3', 'hetero-noise:0.5', 'hetero-mixed:pMissing=0.3:noisyRange=0.3..1', 'conflict:0.4:noiseRate=0.1:sigma=0.5:donor=first'";

const CIDER_ALIASES: Record<string, CorruptionProtocol['kind']> = {
  rmfm: 'cider-rmfm',
  'rmfm-traditional': 'cider-rmfm-traditional',
  traditional: 'cider-rmfm-traditional',
  rmm: 'rmm',
  tmfm: 'tmfm',
  stmfm: 'stmfm',
  smm: 'smm',
};

const POSITIONAL: Partial<Record<CorruptionProtocol['kind'], string>> = {
  gaussian: 'rate',
  laplace: 'rate',
  erase: 'rate',
  'other-noises': 'rate',
  missing: 'rate',
  'cider-rmfm': 'rate',
  'cider-rmfm-traditional': 'rate',
  rmm: 'rate',
  tmfm: 'rate',
  stmfm: 'rate',
  'hetero-noise': 'bound',
  conflict: 'rate',
};

const STRING_KEYS = new Set(['fill', 'mode', 'donor']);

function num(text: string, key: string, input: string): number {
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new OptionError(`parseProtocol('${input}'): \`${key}\` must be a number, got '${text}': ${SYNTAX}`);
  return v;
}

/**
 * Parses the CLI form of a protocol and validates it; throws {@link OptionError} with the
 * accepted syntax on bad input. `noise` is an alias of `gaussian`, and `cider:<type>` of the
 * CIDer kinds (`cider:rmfm`, `cider:traditional`, `cider:rmm`, `cider:tmfm`, `cider:stmfm`,
 * `cider:smm`). {@link formatProtocol} is the inverse.
 *
 * @param text - e.g. `'missing:0.3'`
 * @example
 * ```ts
 * parseProtocol('missing:0.3');               // { kind: 'missing', rate: 0.3 }
 * parseProtocol('noise:0.5');                 // { kind: 'gaussian', rate: 0.5 }
 * parseProtocol('cider:rmfm:0.3:mode=train'); // { kind: 'cider-rmfm', rate: 0.3, mode: 'train' }
 * parseProtocol('smm:kept=0+2');              // { kind: 'smm', kept: [0, 2] }
 * parseProtocol('conflict:0.4:sigma=0.5');    // { kind: 'conflict', rate: 0.4, sigma: 0.5 }
 * ```
 */
export function parseProtocol(text: string): CorruptionProtocol {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new OptionError(`parseProtocol: expected a protocol string, got ${JSON.stringify(text)}: ${SYNTAX}`);
  }
  const tokens = text.trim().split(':').map((s) => s.trim());
  let kind = tokens.shift() as string;
  if (kind === 'noise') kind = 'gaussian';
  if (kind === 'cider') {
    const sub = tokens.shift() ?? '';
    const mapped = CIDER_ALIASES[sub];
    if (!mapped) throw new OptionError(`parseProtocol('${text}'): unknown CIDer missing type '${sub}', expected one of ${Object.keys(CIDER_ALIASES).join(', ')}`);
    kind = mapped;
  }
  if (!(PROTOCOL_KINDS as readonly string[]).includes(kind)) {
    throw new OptionError(`parseProtocol('${text}'): unknown protocol kind '${kind}', expected one of noise, ${PROTOCOL_KINDS.join(', ')}, cider:<type>: ${SYNTAX}`);
  }
  const p: Record<string, unknown> = { kind };
  tokens.forEach((tok, idx) => {
    const eq = tok.indexOf('=');
    if (eq < 0) {
      const key = POSITIONAL[kind as CorruptionProtocol['kind']];
      if (idx !== 0 || key === undefined) {
        throw new OptionError(`parseProtocol('${text}'): unexpected value '${tok}'${key ? '' : ` (protocol '${kind}' takes only key=value options)`}: ${SYNTAX}`);
      }
      p[key] = num(tok, key, text);
      return;
    }
    const key = tok.slice(0, eq).trim();
    const val = tok.slice(eq + 1).trim();
    if (key in p) throw new OptionError(`parseProtocol('${text}'): \`${key}\` is given twice`);
    if (STRING_KEYS.has(key)) p[key] = val;
    else if (key === 'kept') p[key] = val.split('+').map((v) => num(v, 'kept', text));
    else if (key === 'noisyRange') {
      const parts = val.split('..');
      if (parts.length !== 2) throw new OptionError(`parseProtocol('${text}'): \`noisyRange\` must be written lo..hi (e.g. 0.3..1), got '${val}'`);
      p[key] = [num(parts[0], 'noisyRange', text), num(parts[1], 'noisyRange', text)];
    } else p[key] = num(val, key, text);
  });
  const protocol = p as unknown as CorruptionProtocol;
  validateProtocol(protocol);
  return protocol;
}
