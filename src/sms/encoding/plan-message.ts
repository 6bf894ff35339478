import iconv from 'iconv-lite';
import { assert } from '../../kernel/assert.ts';
import { smsLongBytesMax, smsShortBytesMax, smsShortUcs2BytesMax, smsSubjectBytesMax } from '../../kernel/limits.ts';

/**
 * What to do with a character the Korean 2-byte charset cannot carry (emoji, rare hanja, most accented Latin):
 * `replace` swaps it for a replacement (default `?`) and stays in EUC-KR; `ucs2` sends the whole message as
 * UCS-2 instead, which costs more (70 characters per SMS instead of 90 bytes) but loses nothing.
 */
export type UnicodePolicy = 'replace' | 'ucs2';

/**
 * Which Korean charset counts as encodable.
 *
 * iconv-lite's `euc-kr` is really CP949 (Unified Hangul Code): KS X 1001 plus the 8,822 Hangul syllables
 * KS X 1001 lacks (똠, 뷁, 햏…), encoded with lead bytes 0x81–0xC6 and trail bytes outside 0xA1–0xFE.
 * - `cp949` (the default) accepts them: Korean SMS gateways and handsets take CP949 in practice, and a
 *   worker's name written with one of those syllables should reach them intact.
 * - `ks-x-1001` is strict EUC-KR: only byte pairs with both bytes in 0xA1–0xFE; the extended syllables are then
 *   treated like emoji (replaced, or UCS-2). Use it for a gateway that documents strict EUC-KR.
 * Byte counts are the same either way (two bytes per Hangul syllable).
 */
export type KoreanCharset = 'cp949' | 'ks-x-1001';

export type PlanMessageOptions = {
  /** LMS subject (제목). A subject exists only in an LMS, so giving one makes the message an LMS. */
  subject?: string;
  unicodePolicy: UnicodePolicy;
  /** What replaces an unencodable character under `replace`; must itself be encodable. Default `?`. */
  replacement?: string;
  charset?: KoreanCharset;
};

/** `sms` fits one short message; `lms` one long message; the other two cannot be sent as they are. */
export type MessageKind = 'sms' | 'lms' | 'too_long' | 'subject_too_long';
export type MessageEncoding = 'euc-kr' | 'ucs2';

export type MessagePlan = {
  kind: MessageKind;
  encoding: MessageEncoding;
  /** The text as it goes on the wire (UCS-2 is big-endian UTF-16, as SMPP data_coding 0x08 expects). */
  bytes: Buffer;
  /**
   * Length of `bytes`. For `too_long` on a text so long it was not encoded at all, a lower bound and `bytes`
   * is empty: planning never does work proportional to an unbounded input.
   */
  byteLength: number;
  /** The subject on the wire, in the same encoding as the text; undefined when there is none. */
  subjectBytes: Buffer | undefined;
  /** The byte limit the kind was judged against (90, 140 or 2,000; 40 for the subject). */
  byteLimit: number;
  /** Characters lost to the replacement, in order of appearance (empty under UCS-2). */
  replacedCharacters: readonly string[];
};

/**
 * Characters that have an exact equivalent in the Korean charset but are not in it themselves. Without this a
 * payment SMS written with the won sign U+20A9 would arrive as "?1,000,000".
 */
const equivalents: ReadonlyMap<string, string> = new Map([
  ['\u20a9', '\uffe6'], // ₩ → ￦ (fullwidth won sign, KS X 1001 0xA3DC)
  ['\u00a0', ' '], // no-break space
  ['\u2011', '-'], // non-breaking hyphen
  ['\u2013', '-'], // en dash
  ['\u2014', '\u2015'], // em dash → horizontal bar (0xA1AA), which Korean text uses as its dash
  ['\u2022', '\u00b7'], // bullet → middle dot
  ['\u30fb', '\u00b7'], // katakana middle dot
  ['\u200b', ''], // zero-width space
  ['\ufeff', ''], // byte order mark pasted in from a file
]);

const koreanCodec = 'cp949';
const ucs2Codec = 'utf16-be';

/**
 * Decides how a Korean text goes out as an SMS: which kind (SMS, LMS, or refused as too long), in which
 * encoding, the exact bytes, and which characters were lost. Pure: no I/O, no clock.
 */
export function planMessage(text: string, options: PlanMessageOptions): MessagePlan {
  const charset = options.charset ?? 'cp949';
  const replacement = options.replacement ?? '?';
  assert(
    replacement.length > 0 && [...replacement].every((c) => isEncodable(c, charset)),
    'replacement must be encodable in the Korean charset',
  );
  const subject = options.subject === undefined || options.subject === '' ? undefined : options.subject;

  // Every code point takes at least one byte and at most two UTF-16 units, so a text longer than this cannot fit.
  if (text.length > 2 * smsLongBytesMax) {
    return {
      kind: 'too_long',
      encoding: 'euc-kr',
      bytes: Buffer.alloc(0),
      byteLength: Math.ceil(text.length / 2),
      subjectBytes: undefined,
      byteLimit: smsLongBytesMax,
      replacedCharacters: [],
    };
  }

  const body = toKorean(text, charset, replacement);
  const title = subject === undefined ? undefined : toKorean(subject, charset, replacement);
  const lossy = body.replaced.length > 0 || (title?.replaced.length ?? 0) > 0;

  if (lossy && options.unicodePolicy === 'ucs2') {
    return judge('ucs2', toUcs2(text), subject === undefined ? undefined : toUcs2(subject), [], subject !== undefined);
  }
  return judge(
    'euc-kr',
    iconv.encode(body.text, koreanCodec),
    title === undefined ? undefined : iconv.encode(title.text, koreanCodec),
    [...body.replaced, ...(title?.replaced ?? [])],
    subject !== undefined,
  );
}

function judge(
  encoding: MessageEncoding,
  bytes: Buffer,
  subjectBytes: Buffer | undefined,
  replacedCharacters: string[],
  hasSubject: boolean,
): MessagePlan {
  const plan = { encoding, bytes, byteLength: bytes.length, subjectBytes, replacedCharacters };
  if (subjectBytes !== undefined && subjectBytes.length > smsSubjectBytesMax) {
    return { ...plan, kind: 'subject_too_long', byteLimit: smsSubjectBytesMax };
  }
  const shortMax = encoding === 'euc-kr' ? smsShortBytesMax : smsShortUcs2BytesMax;
  if (!hasSubject && bytes.length <= shortMax) return { ...plan, kind: 'sms', byteLimit: shortMax };
  if (bytes.length <= smsLongBytesMax) return { ...plan, kind: 'lms', byteLimit: smsLongBytesMax };
  return { ...plan, kind: 'too_long', byteLimit: smsLongBytesMax };
}

/** Applies the equivalents, then replaces what the charset still cannot carry, remembering what was lost. */
function toKorean(text: string, charset: KoreanCharset, replacement: string): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  let out = '';
  for (const original of text) {
    const character = equivalents.get(original) ?? original;
    if (character === '' || isEncodable(character, charset)) {
      out += character;
    } else {
      replaced.push(original);
      out += replacement;
    }
  }
  return { text: out, replaced };
}

/**
 * UCS-2 cannot carry a lone surrogate (half of a broken emoji); it becomes U+FFFD rather than an invalid
 * sequence the SMS centre might refuse. A character beyond the BMP travels as a surrogate pair, as every
 * handset expects.
 */
function toUcs2(text: string): Buffer {
  return iconv.encode(text.replace(/\p{Surrogate}/gu, '\ufffd'), ucs2Codec);
}

/**
 * A character is encodable when it round-trips through the codec (iconv-lite writes `?` for what it cannot
 * map) and, for strict KS X 1001, its bytes are ASCII or a pair in 0xA1–0xFE.
 */
export function isEncodable(character: string, charset: KoreanCharset = 'cp949'): boolean {
  const bytes = iconv.encode(character, koreanCodec);
  if (iconv.decode(bytes, koreanCodec) !== character) return false;
  if (charset === 'cp949') return true;
  return bytes.every((byte) => byte < 0x80) || (bytes.length === 2 && bytes.every((b) => b >= 0xa1 && b <= 0xfe));
}

/** Reads plan bytes back into text: for the SMPP server in tests and for showing what a recipient will see. */
export function decodeMessage(bytes: Buffer, encoding: MessageEncoding): string {
  return iconv.decode(bytes, encoding === 'euc-kr' ? koreanCodec : ucs2Codec);
}
