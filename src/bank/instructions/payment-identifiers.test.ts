// Specifies which ids, bank codes, BICs and accounts Hado writes into a pain.001, on both sides of each rule.
import { describe, expect, test } from 'vitest';
import { identifyAccount, isBankCode, isBic, isIban, isTransferIdentifier } from './payment-identifiers.ts';

describe('isTransferIdentifier', () => {
  for (const row of [
    { id: 'OBL-2026-03-000123', expected: true },
    { id: 'E'.repeat(35), expected: true },
    { id: 'E'.repeat(36), expected: false },
    { id: '', expected: false },
    { id: "ABC/4562/2009-09-08 (a),b.c?d:e'f+g", expected: true },
    { id: '/ABC', expected: false },
    { id: 'ABC/', expected: false },
    { id: 'A//B', expected: false },
    { id: ' ABC', expected: false },
    { id: 'ABC ', expected: false },
    { id: '기성-1', expected: false },
    { id: 'A_B', expected: false },
    { id: 'A&B', expected: false },
  ]) {
    test(`${JSON.stringify(row.id)} → ${row.expected}`, () => {
      expect(isTransferIdentifier(row.id)).toBe(row.expected);
    });
  }
});

test('isBankCode takes three digits only', () => {
  expect(['004', '088', '999'].map(isBankCode)).toEqual([true, true, true]);
  expect(['04', '0040', 'A04', ''].map(isBankCode)).toEqual([false, false, false, false]);
});

describe('isBic follows each version’s XSD pattern', () => {
  for (const row of [
    { bic: 'DEUTDEFF', v09: true, v03: true },
    { bic: 'DEUTDEFFXXX', v09: true, v03: true },
    { bic: 'SHBKKRSE', v09: true, v03: true },
    { bic: 'AB12DEFF', v09: true, v03: false },
    { bic: 'DEUTDE1F', v09: true, v03: false },
    { bic: 'DEUTDEFFXX', v09: false, v03: false },
    { bic: 'deutdeff', v09: false, v03: false },
    { bic: 'DEUT12FF', v09: false, v03: false },
  ]) {
    test(`${row.bic}: 09 ${row.v09}, 03 ${row.v03}`, () => {
      expect(isBic(row.bic, '09')).toBe(row.v09);
      expect(isBic(row.bic, '03')).toBe(row.v03);
    });
  }
});

describe('identifyAccount', () => {
  for (const row of [
    { text: '110-123-456789', expected: { kind: 'bban', number: '110123456789' } },
    { text: '1234567890', expected: { kind: 'bban', number: '1234567890' } },
    { text: '123456789', expected: undefined },
    { text: '12345678901234567', expected: undefined },
    { text: '004-ABC-123456', expected: undefined },
    { text: 'DE89 3704 0044 0532 0130 00', expected: { kind: 'iban', iban: 'DE89370400440532013000' } },
    { text: 'gb29nwbk60161331926819', expected: { kind: 'iban', iban: 'GB29NWBK60161331926819' } },
    { text: 'DE89370400440532013001', expected: undefined },
    { text: 'DE', expected: undefined },
    { text: '', expected: undefined },
  ]) {
    test(`${JSON.stringify(row.text)} → ${JSON.stringify(row.expected)}`, () => {
      expect(identifyAccount(row.text)).toEqual(row.expected);
    });
  }
});

test('isIban checks the mod-97 digits (the IBAN registry’s examples pass, one changed digit fails)', () => {
  for (const iban of [
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'BE68539007547034',
  ]) {
    expect(isIban(iban)).toBe(true);
    expect(isIban(`${iban.slice(0, -1)}${(Number(iban.at(-1)) + 1) % 10}`)).toBe(false);
  }
});
