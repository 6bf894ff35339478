// Specifies the web application's display formats and form checks (pure code in web/src), and that the
// English locale file has exactly the keys of the Korean one.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDate, formatDateShort, formatWon, formatWonInWords } from '../../web/src/format.ts';
import {
  checkBusinessNumber,
  checkHolderName,
  checkPhone,
  parseWonInput,
  normaliseHolderName as webNormalise,
} from '../../web/src/validation.ts';
import { withCheckDigit } from '../demo/demo-world.ts';
import { normaliseHolderName as apiNormalise } from '../registry/registry.routes.ts';

describe('money', () => {
  for (const [text, expected] of [
    ['0', '₩0'],
    ['1234000', '₩1,234,000'],
    ['18400000000', '₩18,400,000,000'],
    ['123456789012345678', '₩123,456,789,012,345,678'],
    ['-5000', '-₩5,000'],
    ['12.5', '12.5'],
  ] as const) {
    test(`formatWon(${text}) → ${expected}`, () => expect(formatWon(text)).toBe(expected));
  }

  for (const [text, ko, en] of [
    ['18400000000', '184억 원', '₩18.4 billion'],
    ['2850000000', '28억 5,000만 원', '₩2.8 billion'],
    ['640000000', '6억 4,000만 원', '₩640 million'],
    ['250000', '25만 원', undefined],
    ['9999', undefined, undefined],
    ['1000000000000', '10,000억 원', '₩1 trillion'],
  ] as const) {
    test(`formatWonInWords(${text}) → ${ko} / ${en}`, () => {
      expect(formatWonInWords(text, 'ko')).toBe(ko);
      expect(formatWonInWords(text, 'en')).toBe(en);
    });
  }

  for (const [typed, expected] of [
    ['250,000', { amountWon: '250000' }],
    ['₩ 1,250,000원', { amountWon: '1250000' }],
    ['250000.00', { amountWon: '250000' }],
    ['1000.5', { problem: 'amount_not_whole_won' }],
    ['0', { problem: 'invalid_amount' }],
    ['-3', { problem: 'invalid_amount' }],
    ['1e6', { problem: 'invalid_amount' }],
    ['', { problem: 'required' }],
    ['1234567890123456789', { problem: 'invalid_amount' }],
  ] as const) {
    test(`parseWonInput(${JSON.stringify(typed)}) → ${JSON.stringify(expected)}`, () =>
      expect(parseWonInput(typed)).toEqual(expected));
  }
});

describe('dates', () => {
  test('a civil date in Korean and English, never shifted by a time zone', () => {
    expect(formatDate('2026-03-10', 'ko')).toBe('2026년 3월 10일');
    expect(formatDate('2026-03-10', 'en')).toBe('10 March 2026');
    expect(formatDateShort('2026-03-10', 'ko')).toBe('2026. 03. 10.');
    expect(formatDateShort('2026-01-01', 'en')).toBe('01 Jan 2026');
    expect(formatDate('not a date', 'ko')).toBe('not a date');
  });
});

describe('form checks mirror the API', () => {
  const valid = withCheckDigit('123456789');
  for (const [text, expected] of [
    [valid, undefined],
    [`${valid.slice(0, 3)}-${valid.slice(3, 5)}-${valid.slice(5)}`, undefined],
    [`${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`, 'invalid_business_number'],
    ['12345', 'invalid_business_number'],
    ['', 'required'],
  ] as const) {
    test(`business number ${JSON.stringify(text)} → ${expected ?? 'ok'}`, () =>
      expect(checkBusinessNumber(text)).toBe(expected));
  }

  for (const [text, expected] of [
    ['010-1234-5678', undefined],
    ['+82 10 1234 5678', undefined],
    ['010-123', 'invalid_phone'],
    ['02-123-4567', 'invalid_phone'],
  ] as const) {
    test(`phone ${text} → ${expected ?? 'ok'}`, () => expect(checkPhone(text)).toBe(expected));
  }

  for (const [holder, owner] of [
    ['(주)동방타일', '동방타일'],
    ['주식회사 동방 타일', '㈜동방타일'],
    ['Nguyen Van An', 'nguyen van an'],
    ['김영호', '김영수'],
  ] as const) {
    test(`holder ${holder} for ${owner}: the same verdict as the API`, () => {
      expect(webNormalise(holder)).toBe(apiNormalise(holder));
      expect(checkHolderName(holder, owner) === undefined).toBe(apiNormalise(holder) === apiNormalise(owner));
    });
  }
});

describe('locale files', () => {
  const read = (locale: string) =>
    JSON.parse(readFileSync(new URL(`../../web/src/locales/${locale}.json`, import.meta.url), 'utf8'));
  /** Every leaf key, with i18next's plural suffixes folded (Korean has no plural forms, English two). */
  const keys = (tree: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? keys(value as Record<string, unknown>, `${prefix}${key}.`)
        : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
    );

  test('English has exactly the keys Korean has', () => {
    expect([...new Set(keys(read('en')))].sort()).toEqual([...new Set(keys(read('ko')))].sort());
  });

  test('no text is empty', () => {
    for (const locale of ['ko', 'en']) {
      const walk = (tree: Record<string, unknown>): string[] =>
        Object.values(tree).flatMap((value) =>
          typeof value === 'string' ? [value] : walk(value as Record<string, unknown>),
        );
      for (const text of walk(read(locale))) expect(text.trim()).not.toBe('');
    }
  });
});
