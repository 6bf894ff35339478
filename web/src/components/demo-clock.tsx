import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDate } from '../format.ts';
import { useLocale } from './display.tsx';
import './demo-clock.css';

/** `GET /api/v1/clock`: the server's clock (the demo clock, which runs fast, in demo mode). */
export type ClockAnswer = { now: string; today: string; demo: boolean; speed: number; daySeconds: number | null };

/** How often the banner asks the server for the demo date while the page is open. */
export const demoClockRefreshMs = 10_000;

/**
 * "데모 시계 2026년 3월 10일 · 하루 = 5분" in the demo banner: the date the demo's fast clock has reached, so
 * deadlines that move while you watch make sense. Asked again every ~10 s; plain text, not a live region (a
 * screen reader reads it when it reaches the banner and is not interrupted each time the day turns).
 */
export function DemoClock() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [clock, setClock] = useState<ClockAnswer | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    const ask = () =>
      void api.get<ClockAnswer>('/api/v1/clock', controller.signal).then(setClock, () => {
        // Keep showing the last date: the banner is a hint, and the screens report their own failures.
      });
    ask();
    const timer = window.setInterval(ask, demoClockRefreshMs);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);
  if (!clock?.demo) return null;
  const day = clock.daySeconds;
  const dayLength =
    day === null
      ? undefined
      : day % 60 === 0
        ? t('app.demoDayMinutes', { count: day / 60 })
        : t('app.demoDaySeconds', { count: day });
  return (
    <span className="demo-clock" aria-live="off" data-testid="demo-clock">
      {t('app.demoClock', { date: formatDate(clock.today, locale) })}
      {dayLength ? ` · ${dayLength}` : null}
    </span>
  );
}
