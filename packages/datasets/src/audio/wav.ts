/**
 * A safe reader of RIFF/WAVE files from bytes (no `node:` import: it runs in a browser too).
 * PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or `WAVE_FORMAT_EXTENSIBLE`, any number
 * of channels (mixed down to mono by their mean). Every length is checked against the bytes
 * present; anything else is a `DataFormatError` naming the file and the fix.
 */
import { DataFormatError } from '@umq/core';
import { ByteReader, latin1 } from '../formats/bytes';

/** How the samples of a WAV file are coded. */
export type WavEncoding = 'pcm' | 'float';

/**
 * A decoded WAV file: the mono mixdown (mean of the channels) as float32 in [-1, 1] for PCM
 * (`int / 2^(bits-1)`, 8-bit as `(u8 - 128) / 128`, as torchaudio's `load(normalize=True)`),
 * floats as stored.
 */
export interface WavAudio {
  /** Frames per second, from the `fmt ` chunk. */
  sampleRate: number;
  /** Channels in the file (the samples are their mean). */
  channels: number;
  /** Bits per sample in the file (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** `'pcm'` (integers) or `'float'` (IEEE float). */
  encoding: WavEncoding;
  /** Mono samples, one per frame. */
  samples: Float32Array;
}

const CODECS: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0x1610: 'HE-AAC',
};
const PCM = 0x0001;
const FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;
/** The 14 bytes that follow the format code in the sub-format GUID of a standard extensible WAV. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const CONVERT = 'convert it with `sox in.wav -e signed-integer -b 16 out.wav` or `ffmpeg -i in.wav -c:a pcm_s16le out.wav`';

interface Fmt {
  code: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

function readFmt(r: ByteReader, size: number, file: string | undefined): Fmt {
  if (size < 16) throw r.error(`the 'fmt ' chunk has ${size} bytes, at least 16 expected: the chunk size is wrong`);
  const start = r.pos;
  let code = r.u16('format code');
  const channels = r.u16('channel count');
  const sampleRate = r.u32('sample rate');
  r.u32('byte rate');
  const blockAlign = r.u16('block align');
  const bits = r.u16('bits per sample');
  if (code === EXTENSIBLE) {
    if (size < 40) throw r.error(`a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has 40 bytes, this one ${size}: the chunk size is wrong`);
    r.u16('extension size');
    r.u16('valid bits');
    r.u32('channel mask');
    const guid = r.bytes(16, 'sub-format GUID');
    code = guid[0]! | (guid[1]! << 8);
    if (guid[2] !== 0 || guid[3] !== 0 || GUID_TAIL.some((b, i) => guid[i + 2] !== b)) {
      throw new DataFormatError(`WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID (an unsupported codec): ${CONVERT}`, file);
    }
  }
  r.pos = start + size;
  if (code !== PCM && code !== FLOAT) {
    const name = CODECS[code] ? ` (${CODECS[code]})` : '';
    throw new DataFormatError(`unsupported WAV codec 0x${code.toString(16).padStart(4, '0')}${name}: only PCM (1) and IEEE float (3) are read; ${CONVERT}`, file);
  }
  const ok = code === PCM ? [8, 16, 24, 32] : [32, 64];
  if (!ok.includes(bits)) {
    throw new DataFormatError(`${code === PCM ? 'PCM' : 'float'} WAV with ${bits} bits per sample is not supported (${ok.join(', ')} are): ${CONVERT}`, file);
  }
  if (channels < 1) throw new DataFormatError(`the 'fmt ' chunk declares ${channels} channels: a WAV file needs at least one`, file);
  if (sampleRate < 1) throw new DataFormatError(`the 'fmt ' chunk declares a sample rate of ${sampleRate} Hz`, file);
  if (blockAlign !== channels * (bits / 8)) {
    throw new DataFormatError(`block align ${blockAlign} does not match ${channels} channels x ${bits} bits (${channels * (bits / 8)} bytes): the 'fmt ' chunk is corrupt`, file);
  }
  return { code, channels, sampleRate, blockAlign, bits };
}

function sampleReader(view: DataView, fmt: Fmt): (offset: number) => number {
  if (fmt.code === FLOAT) return fmt.bits === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  switch (fmt.bits) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) => ((view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608);
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}

/**
 * Decodes a RIFF/WAVE file to mono float32 samples.
 *
 * Chunks other than `fmt ` and `data` (`LIST`, `fact`, `cue `, ...) are skipped; odd-sized
 * chunks are followed by their pad byte. Bytes after the RIFF container are ignored.
 *
 * @param bytes - The whole file.
 * @param file - The file name, for errors.
 * @returns The sample rate, the source format and the mono mixdown.
 * @throws DataFormatError for a file that is not RIFF/WAVE, is truncated, has chunk sizes that
 *   disagree with the bytes present or the block size, uses a codec other than PCM/float
 *   (ADPCM, mu-law, MP3, ...), holds no samples, or holds non-finite float samples.
 * @example
 * ```ts
 * const wav = decodeWav(readFileSync('0_george_0.wav'), '0_george_0.wav');
 * wav.sampleRate; // 8000
 * wav.samples;    // Float32Array in [-1, 1]
 * ```
 */
export function decodeWav(bytes: Uint8Array, file?: string): WavAudio {
  if (bytes.length < 12) throw new DataFormatError(`not a WAV file: ${bytes.length} bytes, a RIFF/WAVE header alone has 12${bytes.length === 0 ? ' (the file is empty)' : ''}`, file);
  const r = new ByteReader(bytes, file);
  const magic = latin1(r.bytes(4, 'RIFF magic'));
  if (magic === 'RIFX') throw new DataFormatError(`big-endian WAV (RIFX) is not supported: ${CONVERT}`, file);
  if (magic === 'RF64' || magic === 'BW64') throw new DataFormatError(`64-bit WAV (${magic}) is not supported: ${CONVERT}`, file);
  const riffSize = r.u32('RIFF size');
  const form = latin1(r.bytes(4, 'form type'));
  if (magic !== 'RIFF' || form !== 'WAVE') throw new DataFormatError(`not a WAV file: it starts with ${JSON.stringify(magic)} ... ${JSON.stringify(form)}, expected "RIFF" ... "WAVE"`, file);
  if (riffSize + 8 > bytes.length) {
    throw new DataFormatError(`truncated: the RIFF header declares ${riffSize + 8} bytes but the file has ${bytes.length}`, file);
  }
  const end = riffSize + 8;
  const body = new ByteReader(bytes.subarray(0, end), file);
  body.pos = 12;
  let fmt: Fmt | null = null;
  let data: { offset: number; size: number } | null = null;
  while (body.remaining >= 8) {
    const at = body.pos;
    const id = latin1(body.bytes(4, 'chunk id'));
    const size = body.u32(`size of chunk ${JSON.stringify(id)}`);
    if (size > body.remaining) {
      throw body.error(`chunk ${JSON.stringify(id)} declares ${size} bytes but only ${body.remaining} remain in the RIFF container: the file is truncated or the chunk size is wrong`, at);
    }
    if (id === 'fmt ') {
      if (fmt) throw body.error(`a second 'fmt ' chunk`, at);
      fmt = readFmt(body, size, file);
    } else if (id === 'data') {
      if (data) throw body.error(`a second 'data' chunk`, at);
      if (!fmt) throw body.error(`the 'data' chunk comes before the 'fmt ' chunk`, at);
      data = { offset: body.pos, size };
      body.pos += size;
    } else {
      body.pos += size;
    }
    if (size % 2 === 1 && body.remaining > 0) body.pos += 1;
  }
  if (!fmt) throw new DataFormatError(`no 'fmt ' chunk: the file does not say how its samples are coded`, file);
  if (!data) throw new DataFormatError(`no 'data' chunk: the file holds no audio`, file);
  if (data.size % fmt.blockAlign !== 0) {
    throw new DataFormatError(`the 'data' chunk has ${data.size} bytes, not a whole number of ${fmt.blockAlign}-byte frames (${fmt.channels} channels x ${fmt.bits} bits): the chunk size is wrong`, file);
  }
  const frames = data.size / fmt.blockAlign;
  if (frames === 0) throw new DataFormatError(`the 'data' chunk holds no samples (a zero-length recording)`, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset + data.offset, data.size);
  const read = sampleReader(view, fmt);
  const step = fmt.bits / 8;
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    const o = f * fmt.blockAlign;
    for (let c = 0; c < fmt.channels; c++) s += read(o + c * step);
    const v = fmt.channels === 1 ? s : s / fmt.channels;
    if (!Number.isFinite(v)) throw new DataFormatError(`frame ${f} is ${v}: float WAV samples must be finite`, file);
    samples[f] = v;
  }
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bits, encoding: fmt.code === PCM ? 'pcm' : 'float', samples };
}
