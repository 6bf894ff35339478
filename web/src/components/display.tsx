import { useTranslation } from 'react-i18next';
import { formatDate, formatDateShort, formatWon, formatWonInWords, type Locale } from '../format.ts';

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ko';
}

/** A party's name in the chosen language, falling back to the Korean name it was registered under. */
export function useName() {
  const locale = useLocale();
  return (party: { name: string; nameEn: string | null } | undefined): string =>
    party ? (locale === 'en' && party.nameEn ? party.nameEn : party.name) : '—';
}

/** An exact amount, and with `words` the reader's rounding beside it (184억 원). */
export function Won({ amount, words = false }: { amount: string; words?: boolean }) {
  const locale = useLocale();
  const inWords = words ? formatWonInWords(amount, locale) : undefined;
  return (
    <span className="money">
      <span className="money-exact">{formatWon(amount)}</span>
      {inWords ? <span className="money-words"> ({inWords})</span> : null}
    </span>
  );
}

export function CivilDate({ date, short = false }: { date: string; short?: boolean }) {
  const locale = useLocale();
  return <time dateTime={date}>{short ? formatDateShort(date, locale) : formatDate(date, locale)}</time>;
}

export function Period({ start, end, short = false }: { start: string; end: string; short?: boolean }) {
  return (
    <span className="period">
      <CivilDate date={start} short={short} /> ~ <CivilDate date={end} short={short} />
    </span>
  );
}

/**
 * A wide table in a region that scrolls sideways on a narrow screen; it can take focus so keyboard users
 * can scroll it too.
 */
export function TableRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-region" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
