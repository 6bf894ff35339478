/**
 * Display formats for money and dates. Amounts arrive from the API as decimal text of whole won and are
 * formatted as text, through bigint, never through a float (STYLE §2). Dates are civil dates
 * (`YYYY-MM-DD`) and are shown without any time zone shift.
 */
export type Locale = 'ko' | 'en';

const wholeWon = /^-?(0|[1-9][0-9]*)$/;
const thousands = /\B(?=(\d{3})+(?!\d))/g;

/** `"1234000"` → `₩1,234,000` in both languages (that is how Koreans and English speakers write won). */
export function formatWon(amountText: string): string {
  if (!wholeWon.test(amountText)) return amountText;
  const negative = amountText.startsWith('-');
  const digits = (negative ? amountText.slice(1) : amountText).replace(thousands, ',');
  return `${negative ? '-' : ''}₩${digits}`;
}

const hundredMillion = 100_000_000n;
const tenThousand = 10_000n;

/**
 * A large amount the way a reader grasps it: `18400000000` → `184억 원` in Korean, `₩18.4 billion` in
 * English. Rounded down (never up) for reading; the exact amount is always shown beside it.
 */
export function formatWonInWords(amountText: string, locale: Locale): string | undefined {
  if (!wholeWon.test(amountText) || amountText.startsWith('-')) return undefined;
  const amount = BigInt(amountText);
  if (locale === 'ko') {
    if (amount < tenThousand) return undefined;
    const eok = amount / hundredMillion;
    const man = (amount % hundredMillion) / tenThousand;
    const parts = [
      eok > 0n ? `${eok.toString().replace(thousands, ',')}억` : '',
      man > 0n ? `${man.toString().replace(thousands, ',')}만` : '',
    ];
    return `${parts.filter(Boolean).join(' ')} 원`;
  }
  const scales: [bigint, string][] = [
    [1_000_000_000_000n, 'trillion'],
    [1_000_000_000n, 'billion'],
    [1_000_000n, 'million'],
  ];
  for (const [scale, word] of scales) {
    if (amount >= scale) {
      const tenths = (amount * 10n) / scale;
      const whole = tenths / 10n;
      const fraction = tenths % 10n;
      return `₩${whole.toString().replace(thousands, ',')}${fraction > 0n ? `.${fraction}` : ''} ${word}`;
    }
  }
  return undefined;
}

const civilDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function civilDateParts(text: string): Date | undefined {
  const match = civilDate.exec(text);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** `2026-03-10` → `2026년 3월 10일` (ko) or `10 March 2026` (en). */
export function formatDate(text: string, locale: Locale): string {
  const date = civilDateParts(text);
  if (!date) return text;
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** `2026-03-10` → `2026. 03. 10.` (ko, as Korean public documents write it) or `10 Mar 2026` (en). */
export function formatDateShort(text: string, locale: Locale): string {
  const date = civilDateParts(text);
  if (!date) return text;
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    year: 'numeric',
    month: locale === 'ko' ? '2-digit' : 'short',
    day: '2-digit',
    timeZone: 'UTC',
  }).format(date);
}

/** Counts with thousands separators. */
export function formatCount(count: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-GB').format(count);
}
