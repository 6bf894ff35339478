// Specifies exact money: decimal text to minor units by ISO 4217 exponent, never rounded, and back.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDecimalTexts, formatDecimal, formatKrw, mulDivFloor, parseDecimal, parseWonText } from './money.ts';

describe('parseDecimal', () => {
  for (const row of [
    { text: '1234.56', currency: 'EUR', expected: { kind: 'exact', minor: 123456n } },
    { text: '250000.00', currency: 'KRW', expected: { kind: 'exact', minor: 250000n } },
    { text: '250000', currency: 'KRW', expected: { kind: 'exact', minor: 250000n } },
    { text: '-3', currency: 'KRW', expected: { kind: 'exact', minor: -3n } },
    { text: '0.5', currency: 'EUR', expected: { kind: 'exact', minor: 50n } },
    { text: '1000.5', currency: 'KRW', expected: { kind: 'inexact', text: '1000.5' } },
    { text: '100.0000000000005', currency: 'EUR', expected: { kind: 'inexact', text: '100.0000000000005' } },
    { text: '1.234', currency: 'KWD', expected: { kind: 'exact', minor: 1234n } },
    { text: '1e3', currency: 'KRW', expected: { kind: 'malformed', text: '1e3' } },
    { text: '12,50', currency: 'EUR', expected: { kind: 'malformed', text: '12,50' } },
    { text: '', currency: 'EUR', expected: { kind: 'malformed', text: '' } },
    { text: '10', currency: 'XXX', expected: { kind: 'unknown_currency', currency: 'XXX' } },
  ]) {
    test(`${row.text} ${row.currency} → ${row.expected.kind}`, () => {
      expect(parseDecimal(row.text, row.currency)).toEqual(row.expected);
    });
  }

  test('amounts beyond 2^53 stay exact', () => {
    expect(parseDecimal('9007199254740993', 'KRW')).toEqual({ kind: 'exact', minor: 9007199254740993n });
  });

  test('format then parse is the identity for every currency exponent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.constantFrom('KRW', 'EUR', 'KWD'),
        (minor, currency) => {
          expect(parseDecimal(formatDecimal(minor, currency), currency)).toEqual({ kind: 'exact', minor });
        },
      ),
    );
  });
});

describe('whole won and display', () => {
  test('parseWonText accepts whole non-negative won only', () => {
    expect(parseWonText('1500000')).toBe(1500000n);
    expect(parseWonText('1500000.00')).toBe(1500000n);
    expect(parseWonText('-1')).toBeUndefined();
    expect(parseWonText('1.5')).toBeUndefined();
    expect(parseWonText('abc')).toBeUndefined();
  });

  test('formatKrw groups thousands', () => {
    expect(formatKrw(0n)).toBe('₩0');
    expect(formatKrw(1234500n)).toBe('₩1,234,500');
    expect(formatKrw(-1000n)).toBe('-₩1,000');
  });

  test('addDecimalTexts adds exactly without conversion', () => {
    expect(addDecimalTexts('0.1', '0.2')).toBe('0.3');
    expect(addDecimalTexts('1234.5', '0.05')).toBe('1234.55');
    expect(addDecimalTexts('100.0000000000005', '-100')).toBe('0.0000000000005');
  });

  test('mulDivFloor floors exactly', () => {
    expect(mulDivFloor(1_000_000n, 1550n, 10_000n * 365n)).toBe(424n);
  });
});
