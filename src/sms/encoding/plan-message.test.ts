// Specifies how a Korean text becomes an SMS or LMS: byte counting in EUC-KR, the 90 / 2,000 / 40-byte
// boundaries, and what happens to characters outside the Korean charset (replaced, or the message sent as UCS-2).
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { decodeMessage, isEncodable, planMessage } from './plan-message.ts';

const hangul = (n: number) => '가'.repeat(n);
const ascii = (n: number) => 'a'.repeat(n);

describe('kind and byte length by size', () => {
  for (const row of [
    { name: '45 Hangul = 90 bytes', text: hangul(45), kind: 'sms', byteLength: 90 },
    { name: '45 Hangul + 1 ASCII = 91 bytes', text: `${hangul(45)}a`, kind: 'lms', byteLength: 91 },
    { name: '90 ASCII', text: ascii(90), kind: 'sms', byteLength: 90 },
    { name: '91 ASCII', text: ascii(91), kind: 'lms', byteLength: 91 },
    { name: '44 Hangul + 2 ASCII = 90 bytes', text: `${hangul(44)}ab`, kind: 'sms', byteLength: 90 },
    { name: '1,000 Hangul = 2,000 bytes', text: hangul(1000), kind: 'lms', byteLength: 2000 },
    { name: '1,000 Hangul + 1 ASCII = 2,001 bytes', text: `${hangul(1000)}a`, kind: 'too_long', byteLength: 2001 },
    { name: '2,000 ASCII', text: ascii(2000), kind: 'lms', byteLength: 2000 },
    { name: '2,001 ASCII', text: ascii(2001), kind: 'too_long', byteLength: 2001 },
    { name: 'empty text', text: '', kind: 'sms', byteLength: 0 },
  ] as const) {
    test(`${row.name} → ${row.kind}`, () => {
      const plan = planMessage(row.text, { unicodePolicy: 'replace' });
      expect(plan.kind).toBe(row.kind);
      expect(plan.encoding).toBe('euc-kr');
      expect(plan.byteLength).toBe(row.byteLength);
      expect(plan.bytes.length).toBe(row.byteLength);
      expect(plan.replacedCharacters).toEqual([]);
    });
  }

  test('a text far beyond any limit is refused without being encoded', () => {
    const plan = planMessage(hangul(10_000_000), { unicodePolicy: 'ucs2' });
    expect(plan.kind).toBe('too_long');
    expect(plan.bytes.length).toBe(0);
    expect(plan.byteLength).toBeGreaterThan(2000);
  });
});

describe('the bytes are EUC-KR and decode back to the text', () => {
  test('a payment notice', () => {
    const text = '[하도] 3월 기성 1,250,000원이 지급되었습니다. 기한 4/15';
    const plan = planMessage(text, { unicodePolicy: 'replace' });
    expect(iconv.decode(plan.bytes, 'euc-kr')).toBe(text);
    expect(decodeMessage(plan.bytes, 'euc-kr')).toBe(text);
    expect(plan.bytes.subarray(0, 6)).toEqual(Buffer.from([0x5b, 0xc7, 0xcf, 0xb5, 0xb5, 0x5d])); // [하도]
  });
});

describe('subject', () => {
  for (const row of [
    { name: 'a subject makes a short text an LMS', subject: '지급 안내', text: '짧은 글', kind: 'lms' },
    { name: '20 Hangul subject = 40 bytes', subject: hangul(20), text: '본문', kind: 'lms' },
    {
      name: '20 Hangul + 1 ASCII subject = 41 bytes',
      subject: `${hangul(20)}a`,
      text: '본문',
      kind: 'subject_too_long',
    },
    { name: 'an empty subject is no subject', subject: '', text: '짧은 글', kind: 'sms' },
  ] as const) {
    test(`${row.name} → ${row.kind}`, () => {
      const plan = planMessage(row.text, { subject: row.subject, unicodePolicy: 'replace' });
      expect(plan.kind).toBe(row.kind);
      if (row.subject !== '') expect(iconv.decode(plan.subjectBytes!, 'euc-kr')).toBe(row.subject);
    });
  }

  test('an emoji in the subject alone switches the whole message to UCS-2', () => {
    const plan = planMessage('본문', { subject: '안내 😀', unicodePolicy: 'ucs2' });
    expect(plan.encoding).toBe('ucs2');
    expect(iconv.decode(plan.subjectBytes!, 'utf16-be')).toBe('안내 😀');
    expect(iconv.decode(plan.bytes, 'utf16-be')).toBe('본문');
  });
});

describe('characters outside the Korean charset', () => {
  for (const row of [
    {
      name: 'emoji replaced by ?',
      text: '입금 완료 😀',
      options: { unicodePolicy: 'replace' },
      encoding: 'euc-kr',
      decoded: '입금 완료 ?',
      replaced: ['😀'],
      kind: 'sms',
    },
    {
      name: 'emoji replaced by a configured replacement',
      text: '입금 😀 완료 🎉',
      options: { unicodePolicy: 'replace', replacement: '*' },
      encoding: 'euc-kr',
      decoded: '입금 * 완료 *',
      replaced: ['😀', '🎉'],
      kind: 'sms',
    },
    {
      name: 'emoji sends the message as UCS-2',
      text: '입금 완료 😀',
      options: { unicodePolicy: 'ucs2' },
      encoding: 'ucs2',
      decoded: '입금 완료 😀',
      replaced: [],
      kind: 'sms',
    },
    {
      name: 'rare hanja (丨) replaced',
      text: '丨',
      options: { unicodePolicy: 'replace' },
      encoding: 'euc-kr',
      decoded: '?',
      replaced: ['丨'],
      kind: 'sms',
    },
    {
      name: 'the won sign is carried as its fullwidth form, not lost',
      text: '₩1,000',
      options: { unicodePolicy: 'replace' },
      encoding: 'euc-kr',
      decoded: '￦1,000',
      replaced: [],
      kind: 'sms',
    },
    {
      name: 'CP949 extended Hangul is encodable by default',
      text: '똠뷁햏',
      options: { unicodePolicy: 'replace' },
      encoding: 'euc-kr',
      decoded: '똠뷁햏',
      replaced: [],
      kind: 'sms',
    },
    {
      name: 'CP949 extended Hangul is replaced under strict KS X 1001',
      text: '똠가',
      options: { unicodePolicy: 'replace', charset: 'ks-x-1001' },
      encoding: 'euc-kr',
      decoded: '?가',
      replaced: ['똠'],
      kind: 'sms',
    },
    {
      name: 'CP949 extended Hangul goes UCS-2 under strict KS X 1001 with the ucs2 policy',
      text: '똠가',
      options: { unicodePolicy: 'ucs2', charset: 'ks-x-1001' },
      encoding: 'ucs2',
      decoded: '똠가',
      replaced: [],
      kind: 'sms',
    },
  ] as const) {
    test(row.name, () => {
      const plan = planMessage(row.text, row.options);
      expect(plan.encoding).toBe(row.encoding);
      expect(decodeMessage(plan.bytes, plan.encoding)).toBe(row.decoded);
      expect(plan.replacedCharacters).toEqual(row.replaced);
      expect(plan.kind).toBe(row.kind);
    });
  }
});

describe('UCS-2 sizes: 70 characters per SMS', () => {
  for (const row of [
    { name: '69 Hangul + emoji (71 units)', text: `${hangul(69)}😀`, kind: 'lms', byteLength: 142 },
    { name: '68 Hangul + emoji (70 units)', text: `${hangul(68)}😀`, kind: 'sms', byteLength: 140 },
    { name: '998 Hangul + emoji (1,000 units)', text: `${hangul(998)}😀`, kind: 'lms', byteLength: 2000 },
    { name: '999 Hangul + emoji (1,001 units)', text: `${hangul(999)}😀`, kind: 'too_long', byteLength: 2002 },
  ] as const) {
    test(`${row.name} → ${row.kind}`, () => {
      const plan = planMessage(row.text, { unicodePolicy: 'ucs2' });
      expect(plan.encoding).toBe('ucs2');
      expect(plan.kind).toBe(row.kind);
      expect(plan.byteLength).toBe(row.byteLength);
    });
  }

  test('a lone surrogate becomes U+FFFD rather than an invalid sequence', () => {
    const plan = planMessage('a\ud800😀', { unicodePolicy: 'ucs2' });
    expect(decodeMessage(plan.bytes, 'ucs2')).toBe('a\ufffd😀');
  });

  test('a text the Korean charset carries stays EUC-KR under the ucs2 policy', () => {
    expect(planMessage(hangul(45), { unicodePolicy: 'ucs2' }).encoding).toBe('euc-kr');
  });
});

describe('isEncodable', () => {
  for (const row of [
    { character: 'a', charset: 'ks-x-1001', expected: true },
    { character: '가', charset: 'ks-x-1001', expected: true },
    { character: '똠', charset: 'ks-x-1001', expected: false },
    { character: '똠', charset: 'cp949', expected: true },
    { character: '😀', charset: 'cp949', expected: false },
    { character: '?', charset: 'cp949', expected: true },
    { character: 'é', charset: 'cp949', expected: false },
  ] as const) {
    test(`${row.character} in ${row.charset} → ${row.expected}`, () => {
      expect(isEncodable(row.character, row.charset)).toBe(row.expected);
    });
  }

  test('an unencodable replacement is a programmer error', () => {
    expect(() => planMessage('😀', { unicodePolicy: 'replace', replacement: '🙂' })).toThrow(AssertionError);
  });
});
