// Specifies Korean identifiers: business numbers by check digit, mobile numbers to E.164, and masking.
import { describe, expect, test } from 'vitest';
import {
  maskAccountNumber,
  maskPhone,
  parseAccountNumber,
  parseBusinessNumber,
  parseKoreanMobile,
} from './identifiers.ts';

describe('business registration numbers', () => {
  for (const [text, expected] of [
    ['120-81-47521', '1208147521'],
    ['1208147521', '1208147521'],
    ['120-81-47522', undefined],
    ['12081475', undefined],
    ['abcdefghij', undefined],
  ] as const) {
    test(`${text} → ${expected ?? 'refused'}`, () => {
      expect(parseBusinessNumber(text)).toBe(expected);
    });
  }
});

describe('mobile phones', () => {
  for (const [text, expected] of [
    ['010-1234-5678', '+821012345678'],
    ['01012345678', '+821012345678'],
    ['+82 10 1234 5678', '+821012345678'],
    ['+82 010 1234 5678', '+821012345678'],
    ['011-123-4567', '+82111234567'],
    ['02-123-4567', undefined],
    ['010-1234-567', undefined],
    ['hello', undefined],
  ] as const) {
    test(`${text} → ${expected ?? 'refused'}`, () => {
      expect(parseKoreanMobile(text)).toBe(expected);
    });
  }

  test('masking keeps only what a person needs to recognise their own', () => {
    expect(maskPhone('+821012345678')).toBe('010-****-5678');
    expect(maskAccountNumber('47210104118801')).toBe('**********8801');
  });

  test('account numbers are 10 to 16 digits', () => {
    expect(parseAccountNumber('472-101-04118801')).toBe('47210104118801');
    expect(parseAccountNumber('123')).toBeUndefined();
  });
});
