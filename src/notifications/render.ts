import { readFileSync } from 'node:fs';
import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';

/**
 * Message templates, one file per locale (`locales/ko.json`, `locales/en.json`): Korean by default, English for
 * payees who chose it. `{name}` places a parameter; every template exists in every locale (checked at load).
 */
export const templateNames = [
  'worker_otp',
  'share_announced',
  'paid',
  'payment_late',
  'wage_late',
  'deadline_warning',
  'due_today',
  'escalation_overdue',
  'escalation_wage',
  'direct_payment_suggested',
  'direct_payment_payee',
  'direct_payment_prime',
  'direct_payment_official',
  'direct_payment_rejected',
  'paid_late',
  'short_paid',
  'payment_returned',
  'diverted',
  'loan_overdue',
] as const;
export type TemplateName = (typeof templateNames)[number];
export type Locale = 'ko' | 'en';

function loadLocale(locale: Locale): Record<TemplateName, string> {
  const parsed = JSON.parse(readFileSync(new URL(`./locales/${locale}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  for (const name of templateNames) assert(typeof parsed[name] === 'string', `template ${name} missing in ${locale}`);
  return parsed as Record<TemplateName, string>;
}

const templates: Record<Locale, Record<TemplateName, string>> = { ko: loadLocale('ko'), en: loadLocale('en') };

export type TemplateParams = Readonly<Record<string, string | number | bigint>>;

/** Fills a template; a placeholder without a parameter is a bug, not an empty string. Pure. */
export function renderTemplate(locale: Locale, name: TemplateName, params: TemplateParams): string {
  return templates[locale][name].replace(/\{([a-zA-Z]+)\}/g, (_match, key: string) => {
    const value = params[key];
    assert(value !== undefined, `template ${name} needs {${key}}`);
    return String(value);
  });
}

const groupPattern = /\B(?=(\d{3})+(?!\d))/g;

/** `1250000` → `1,250,000원` (ko) or `₩1,250,000` (en). */
export function formatWon(amount: bigint, locale: Locale): string {
  const digits = amount.toString().replace(groupPattern, ',');
  return locale === 'ko' ? `${digits}원` : `₩${digits}`;
}

/** `2026-03-10` → `3월 10일` (ko) or `10 Mar 2026` (en). */
export function formatDate(date: CivilDate | string, locale: Locale): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (locale === 'ko') return `${month}월 ${day}일`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${day} ${months[month - 1]} ${year}`;
}
