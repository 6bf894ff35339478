// Specifies the message templates: every template renders in Korean and English, won and dates are written the
// way each language writes them, a missing parameter is a bug, and the texts plan as Korean SMS or LMS.
import { describe, expect, test } from 'vitest';
import { planMessage } from '../sms/encoding/index.ts';
import { formatDate, formatWon, renderTemplate, templateNames } from './render.ts';

const params = {
  code: '123456',
  contract: 'SMC-2026-0142',
  amount: '1,250,000원',
  payee: '(주)동방타일',
  prime: '(주)한강종합건설',
  dueOn: '3월 25일',
  paidOn: '3월 27일',
  daysLate: 3,
  daysLeft: 2,
  interest: '12,739원',
  paid: '500,000원',
  short: '750,000원',
  bank: 'KB국민은행',
  loan: '7',
  claim: 3,
  reason: 'AM04',
};

describe('templates', () => {
  for (const locale of ['ko', 'en'] as const) {
    for (const name of templateNames) {
      test(`${name} in ${locale} renders and fits an LMS`, () => {
        const text = renderTemplate(locale, name, params);
        expect(text).toMatch(/^\[Hado\]/);
        expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
        const plan = planMessage(text, { unicodePolicy: 'replace' });
        expect(['sms', 'lms']).toContain(plan.kind);
        expect(plan.replacedCharacters).toEqual([]);
      });
    }
  }

  test('the sign-in code is a short SMS', () => {
    expect(planMessage(renderTemplate('ko', 'worker_otp', { code: '123456' }), { unicodePolicy: 'replace' }).kind).toBe(
      'sms',
    );
  });

  test('a missing parameter is a programmer error', () => {
    expect(() => renderTemplate('ko', 'paid', { contract: 'X' })).toThrow(/needs/);
  });

  test('won and dates, per language', () => {
    expect(formatWon(1_250_000n, 'ko')).toBe('1,250,000원');
    expect(formatWon(1_250_000n, 'en')).toBe('₩1,250,000');
    expect(formatDate('2026-03-05', 'ko')).toBe('3월 5일');
    expect(formatDate('2026-03-05', 'en')).toBe('5 Mar 2026');
  });
});
