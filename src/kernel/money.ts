import { assert } from './assert.ts';

/**
 * Money is an integer count of a currency's minor units (KRW has none, EUR has cents), held in a bigint.
 * Amounts enter and leave as decimal text; no float ever touches them.
 */
export type Minor = bigint & { readonly __brand: 'Minor' };
/** Korean won: KRW has no minor unit, so a Won is a whole number of won. */
export type Won = bigint & { readonly __brand: 'Won' };

export const won = (amount: bigint): Won => {
  assert(amount >= 0n, 'a won amount is never negative');
  return amount as Won;
};

/** ISO 4217 minor-unit exponents. A currency outside this table is refused, not guessed. */
export const currencyExponents: Readonly<Record<string, number>> = {
  KRW: 0,
  JPY: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  HUF: 2,
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  RUB: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  AUD: 2,
  CAD: 2,
  NZD: 2,
  INR: 2,
  MXN: 2,
  BRL: 2,
  ZAR: 2,
  TRY: 2,
  RON: 2,
  BGN: 2,
  ILS: 2,
  THB: 2,
  MYR: 2,
  PHP: 2,
  IDR: 2,
  TWD: 2,
  AED: 2,
  SAR: 2,
  QAR: 2,
  UAH: 2,
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

export function currencyExponent(currency: string): number | undefined {
  return currencyExponents[currency];
}

export type DecimalParse =
  | { readonly kind: 'exact'; readonly minor: bigint }
  /** More decimals than the currency has, and not all zeros: never rounded (DESIGN §8). */
  | { readonly kind: 'inexact'; readonly text: string }
  | { readonly kind: 'malformed'; readonly text: string }
  | { readonly kind: 'unknown_currency'; readonly currency: string };

const decimalPattern = /^([+-]?)(\d{1,30})(?:\.(\d{1,30}))?$/;

/**
 * Parses decimal text (`1234.50`, `250000.00`, `-3`) into minor units of `currency`. Extra decimals are
 * accepted only when they are zeros; anything else is `inexact` and left to the caller to flag.
 */
export function parseDecimal(text: string, currency: string): DecimalParse {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { kind: 'unknown_currency', currency };
  const match = decimalPattern.exec(text.trim());
  if (!match) return { kind: 'malformed', text };
  const [, sign = '', whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) return { kind: 'inexact', text };
  const magnitude = BigInt(whole + kept);
  return { kind: 'exact', minor: sign === '-' ? -magnitude : magnitude };
}

/** Formats minor units as plain decimal text with the currency's exponent (`123456` EUR → `1234.56`). */
export function formatDecimal(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  assert(exponent !== undefined, `unknown currency ${currency}`);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Adds decimal texts exactly, as decimal text, keeping the longest fraction seen (for file summaries). */
export function addDecimalTexts(a: string, b: string): string {
  const scale = Math.max(fractionLength(a), fractionLength(b));
  const sum = scaled(a, scale) + scaled(b, scale);
  return unscaled(sum, scale);
}

function fractionLength(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function scaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = body.split('.');
  const magnitude = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -magnitude : magnitude;
}

function unscaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  return `${negative ? '-' : ''}${whole}${scale === 0 ? '' : `.${digits.slice(-scale)}`}`;
}

/** Parses a won amount given as decimal text or a JSON integer string; whole won only. */
export function parseWonText(text: string): Won | undefined {
  const parsed = parseDecimal(text, 'KRW');
  if (parsed.kind !== 'exact' || parsed.minor < 0n) return undefined;
  return parsed.minor as Won;
}

const groupPattern = /\B(?=(\d{3})+(?!\d))/g;

/** `1234500` → `₩1,234,500` (Korean and English both write won this way). */
export function formatKrw(amount: bigint): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().replace(groupPattern, ',');
  return `${negative ? '-' : ''}₩${digits}`;
}

export function sumMinor(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** floor(a × b ÷ c) for non-negative operands, exact in integers. */
export function mulDivFloor(a: bigint, b: bigint, c: bigint): bigint {
  assert(a >= 0n && b >= 0n && c > 0n, 'mulDivFloor takes non-negative operands');
  return (a * b) / c;
}
