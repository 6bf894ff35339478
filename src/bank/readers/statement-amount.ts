import { type CivilDate, parseCivilDate } from '../../kernel/civil-date.ts';
import { parseDecimal } from '../../kernel/money.ts';

/** An amount read from a bank file: the text kept exactly, minor units only when they are exact. */
export type StatementAmount = {
  readonly text: string;
  readonly minor: bigint | null;
  readonly inexact: boolean;
  readonly warning: string | null;
};

const unsignedDecimal = /^\d{1,30}(?:\.\d{1,30})?$/;
const currencyCode = /^[A-Z]{3}$/;

/**
 * Reads an unsigned decimal amount of `currency`. A malformed amount or currency is refused through
 * `refuse` (untrusted formats stop at the edge); an inexact one or an unknown currency is kept as text with
 * a warning and no minor units, because rounding would invent money (DESIGN §8).
 */
export function readStatementAmount(
  text: string,
  currency: string,
  what: string,
  refuse: (reason: string) => never,
): StatementAmount {
  // An entry and its one transaction detail usually state the same amount: it is read once.
  const last = lastAmount;
  if (text === last.text && currency === last.currency && (last.amount.warning === null || what === last.what)) {
    return last.amount;
  }
  const amount = parseStatementAmount(text, currency, what, refuse);
  lastAmount = { text, currency, what, amount };
  return amount;
}

let lastAmount: {
  readonly text: string;
  readonly currency: string;
  readonly what: string;
  readonly amount: StatementAmount;
} = { text: '', currency: '', what: '', amount: { text: '', minor: null, inexact: false, warning: null } };

function parseStatementAmount(
  text: string,
  currency: string,
  what: string,
  refuse: (reason: string) => never,
): StatementAmount {
  if (!unsignedDecimal.test(text)) refuse(`malformed ${what} amount "${clip(text)}"`);
  if (!currencyCode.test(currency)) refuse(`malformed currency "${clip(currency)}" on ${what} amount ${text}`);
  const parsed = parseDecimal(text, currency);
  switch (parsed.kind) {
    case 'exact':
      return { text, minor: parsed.minor, inexact: false, warning: null };
    case 'inexact':
      return {
        text,
        minor: null,
        inexact: true,
        warning: `inexact ${what} amount ${text} ${currency}: more decimals than ${currency} has; not rounded`,
      };
    case 'unknown_currency':
      return { text, minor: null, inexact: false, warning: `unknown currency ${currency} on ${what} amount ${text}` };
    case 'malformed':
      return refuse(`malformed ${what} amount "${clip(text)}"`);
  }
}

/**
 * Reads the date part of an ISO date or date-time (`2024-03-07`, `2024-03-07T19:47:17+02:00`) as the civil
 * date the bank wrote; an impossible date (30 February) is refused, never rolled over.
 */
export function readIsoDate(text: string, what: string, refuse: (reason: string) => never): CivilDate {
  // A statement repeats the same few dates on every entry: the last one read is checked once.
  if (text === lastDate.text) return lastDate.date;
  const datePart = text.length > 10 && text[10] === 'T' ? text.slice(0, 10) : text;
  const date = parseCivilDate(datePart);
  if (!date) refuse(`impossible or malformed ${what} "${clip(text)}"`);
  lastDate = { text, date };
  return date;
}

let lastDate: { readonly text: string; readonly date: CivilDate } = { text: '', date: '' as CivilDate };

/** Quotes of hostile input stay short in messages. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
