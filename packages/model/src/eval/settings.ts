/**
 * Evaluation settings (spec "Evaluation, as data flows"): which corruption the training,
 * validation and test splits get. A setting is a value, so a sweep is data.
 */
import { OptionError } from '@umq/core';
import { parseProtocol, type CorruptionProtocol, type CiderKind, type ConflictProtocol } from '@umq/corruptions';

/** One evaluation setting. */
export type EvalSetting =
  | {
      /** No corruption. */
      kind: 'clean';
    }
  | {
      /** Gaussian mixing at `rate` (UMQ Eq 30). */
      kind: 'noise';
      /** Noise rate r. */
      rate: number;
    }
  | {
      /** Modality missingness at missing rate `rate` (UMQ Eq 29). */
      kind: 'missing';
      /** Missing rate MR. */
      rate: number;
    }
  | {
      /** Train with Gaussian mixing, test with the other noises (UMQ A.2). */
      kind: 'ood';
      /** Noise rate r. */
      rate: number;
    }
  | {
      /** A CIDer missing type. */
      kind: 'cider';
      /** Which one. */
      type: CiderKind;
      /** Missing rate r. */
      rate: number;
    }
  | {
      /** Per sample-modality Gaussian mixing with r ~ U(0, bound). */
      kind: 'hetero-noise';
      /** Upper bound R of r. */
      bound: number;
    }
  | {
      /** Each sample-modality clean, noisy or missing. */
      kind: 'hetero-mixed';
    }
  | {
      /**
       * RCML's conflictive instances (AAAI 2024): training on clean data, validation and test
       * with noise on some views of 10 % of the samples and one view of 40 % replaced by that
       * view of a sample of another class.
       */
      kind: 'conflict';
      /** The protocol's parameters (RCML's defaults when absent). */
      protocol: ConflictProtocol;
    };

/** Protocol names accepted by the sweep (`--protocols`). */
export type ProtocolName = 'clean' | 'noise' | 'missing' | 'ood' | 'hetero-noise' | 'hetero-mixed' | 'conflict' | CiderKind;

/**
 * Every protocol name.
 *
 * @example
 * ```ts
 * const settings = PROTOCOL_NAMES.flatMap((p) => settingsFor(p, [0.3])); // every protocol at rate 0.3
 * ```
 */
export const PROTOCOL_NAMES: readonly ProtocolName[] = ['clean', 'noise', 'missing', 'ood', 'hetero-noise', 'hetero-mixed', 'conflict', 'cider-rmfm', 'cider-rmfm-traditional', 'rmm', 'tmfm', 'stmfm'];

/** The corruptions of a setting: one for training (re-drawn per epoch), one for validation and test. */
export interface SettingCorruptions {
  /** Training split. */
  train: CorruptionProtocol;
  /** Validation split (the same corruption as training, drawn once). */
  valid: CorruptionProtocol;
  /** Test split. */
  test: CorruptionProtocol;
}

/**
 * Maps a setting to its corruption protocols: noise and missing are the same at training and
 * test (as the paper); OOD trains on Gaussian mixing and tests on the other noises; CIDer's types
 * train with r ~ U(0, 1) per sample and test at the rate; conflict trains on clean data (as
 * RCML) and validates and tests on conflictive instances.
 *
 * @example
 * ```ts
 * settingCorruptions({ kind: 'ood', rate: 0.3 }).test; // { kind: 'other-noises', rate: 0.3 }
 * ```
 */
export function settingCorruptions(s: EvalSetting): SettingCorruptions {
  const same = (p: CorruptionProtocol): SettingCorruptions => ({ train: p, valid: p, test: p });
  switch (s.kind) {
    case 'clean':
      return same({ kind: 'clean' });
    case 'noise':
      return same({ kind: 'gaussian', rate: s.rate });
    case 'missing':
      return same({ kind: 'missing', rate: s.rate });
    case 'ood':
      return { train: { kind: 'gaussian', rate: s.rate }, valid: { kind: 'gaussian', rate: s.rate }, test: { kind: 'other-noises', rate: s.rate } };
    case 'cider':
      return { train: { kind: s.type, mode: 'train' }, valid: { kind: s.type, rate: s.rate }, test: { kind: s.type, rate: s.rate } };
    case 'hetero-noise':
      return same({ kind: 'hetero-noise', bound: s.bound });
    case 'hetero-mixed':
      return same({ kind: 'hetero-mixed' });
    case 'conflict':
      return { train: { kind: 'clean' }, valid: s.protocol, test: s.protocol };
    default:
      throw new OptionError(`unknown setting ${JSON.stringify(s)}`);
  }
}

/**
 * The settings of a protocol name over rates (clean, hetero-mixed and conflict ignore rates:
 * conflict keeps RCML's 40 % / 10 % / σ 0.5; hetero-noise uses the rates as bounds).
 *
 * @example
 * ```ts
 * settingsFor('missing', [0.1, 0.5]); // [{ kind: 'missing', rate: 0.1 }, { kind: 'missing', rate: 0.5 }]
 * ```
 */
export function settingsFor(protocol: ProtocolName, rates: readonly number[]): EvalSetting[] {
  switch (protocol) {
    case 'clean':
      return [{ kind: 'clean' }];
    case 'hetero-mixed':
      return [{ kind: 'hetero-mixed' }];
    case 'conflict':
      return [{ kind: 'conflict', protocol: { kind: 'conflict' } }];
    case 'noise':
    case 'missing':
    case 'ood':
      return rates.map((rate) => ({ kind: protocol, rate }));
    case 'hetero-noise':
      return rates.map((bound) => ({ kind: 'hetero-noise', bound }));
    case 'cider-rmfm':
    case 'cider-rmfm-traditional':
    case 'rmm':
    case 'tmfm':
    case 'stmfm':
      return rates.map((rate) => ({ kind: 'cider', type: protocol, rate }));
    default:
      throw new OptionError(`unknown protocol ${JSON.stringify(protocol)}: use one of ${PROTOCOL_NAMES.join(', ')}`);
  }
}

/**
 * The protocol name and rate of a setting, for result rows.
 *
 * @example
 * ```ts
 * settingKey({ kind: 'noise', rate: 0.3 }); // { protocol: 'noise', rate: 0.3 }
 * ```
 */
export function settingKey(s: EvalSetting): {
  /** The protocol name. */
  protocol: ProtocolName;
  /** Its rate (the bound for hetero-noise), or null. */
  rate: number | null;
} {
  switch (s.kind) {
    case 'clean':
    case 'hetero-mixed':
      return { protocol: s.kind, rate: null };
    case 'hetero-noise':
      return { protocol: s.kind, rate: s.bound };
    case 'cider':
      return { protocol: s.type, rate: s.rate };
    case 'conflict':
      return { protocol: 'conflict', rate: s.protocol.rate ?? null };
    default:
      return { protocol: s.kind, rate: s.rate };
  }
}

/**
 * Parses a setting written as on the command line: `clean`, `noise:0.3`, `missing:0.5`,
 * `ood:0.3`, `hetero-noise:1`, `hetero-mixed`, `stmfm:0.2` (any CIDer type), `conflict` (with
 * the protocol's own options, e.g. `conflict:0.4:sigma=0.5:donor=first`).
 *
 * @example
 * ```ts
 * parseSetting('missing:0.5'); // { kind: 'missing', rate: 0.5 }
 * ```
 */
export function parseSetting(text: string): EvalSetting {
  if (text === 'conflict' || text.startsWith('conflict:')) return { kind: 'conflict', protocol: parseProtocol(text) as ConflictProtocol };
  const [name, rateText, extra] = text.split(':');
  if (extra !== undefined || !PROTOCOL_NAMES.includes(name as ProtocolName)) {
    throw new OptionError(`unknown setting ${JSON.stringify(text)}: write clean, hetero-mixed, conflict, or PROTOCOL:RATE with PROTOCOL one of ${PROTOCOL_NAMES.filter((p) => p !== 'clean' && p !== 'hetero-mixed' && p !== 'conflict').join(', ')} (e.g. noise:0.3)`);
  }
  if (name === 'clean' || name === 'hetero-mixed') {
    if (rateText !== undefined) throw new OptionError(`setting ${name} takes no rate, got ${JSON.stringify(text)}`);
    return settingsFor(name, [])[0];
  }
  const rate = Number(rateText);
  if (rateText === undefined || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new OptionError(`setting ${JSON.stringify(text)} needs a rate in [0, 1] after the colon, e.g. ${name}:0.3`);
  return settingsFor(name as ProtocolName, [rate])[0];
}
