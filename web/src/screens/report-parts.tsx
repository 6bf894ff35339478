import { useTranslation } from 'react-i18next';
import type { Report, ReportDetail } from '../api/report-intake-types.ts';
import { CivilDate, useLocale, Won } from '../components/display.tsx';
import { Notice } from '../components/status.tsx';
import { formatDate } from '../format.ts';
import './reports.css';

/**
 * Pieces the report screens share: a report's state as a badge, its steps (received, under review, resolved
 * with the outcome) as a timeline, and what Hado already knew when it came in (the obligations and findings
 * frozen on the report at intake).
 */
export function ReportStateBadge({ report }: { report: Pick<Report, 'state' | 'outcome'> }) {
  const { t } = useTranslation();
  return (
    <span className={`badge report-state report-state-${report.state}`} data-testid="report-state">
      {t(`reportForm.states.${report.state}`)}
      {report.outcome ? ` · ${t(`reportForm.outcomes.${report.outcome}`)}` : ''}
    </span>
  );
}

/** The Seoul civil date of an instant, for the steps (the API gives instants in UTC). */
const seoulDay = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));

/** The three steps of a report, each with its day when it was reached. */
export function ReportSteps({ report }: { report: Report }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const steps = [
    { key: 'received', at: report.receivedAt, extra: '' },
    { key: 'under_review', at: report.reviewedAt, extra: '' },
    {
      key: 'resolved',
      at: report.resolvedAt,
      extra: report.outcome
        ? `${t(`reportForm.outcomes.${report.outcome}`)}${report.referredTo ? ` (${report.referredTo})` : ''}`
        : '',
    },
  ] as const;
  const done = [true, report.reviewedAt !== null, report.state === 'resolved'];
  return (
    <ol className="report-steps" aria-label={t('reportForm.stepsLabel')}>
      {steps.map((step, index) => {
        return (
          <li key={step.key} className={done[index] ? 'report-step report-step-done' : 'report-step'}>
            <span className="report-step-mark" aria-hidden="true">
              {done[index] ? '✓' : index + 1}
            </span>
            <span className="report-step-text">
              <strong>{t(`reportForm.states.${step.key}`)}</strong>
              {step.extra ? <span> · {step.extra}</span> : null}
              <span className="visually-hidden">
                {done[index] ? t('reportForm.stepDone') : t('reportForm.stepPending')}
              </span>
              {step.at ? <span className="report-step-day">{formatDate(seoulDay(step.at), locale)}</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** "Hado already sees this payment as overdue since D", and the obligations and findings behind it. */
export function WhatHadoSaw({ report }: { report: ReportDetail }) {
  const { t, i18n } = useTranslation();
  const findingKind = (kind: string) => {
    const key = `reportForm.findingKinds.${kind}`;
    return i18n.exists(key) ? t(key as 'reportForm.findingKinds.overdue') : kind;
  };
  return (
    <section className="section" aria-labelledby="report-saw-title" data-testid="report-saw">
      <h2 id="report-saw-title">{t('reportForm.sawTitle')}</h2>
      {report.overdueSince ? (
        <Notice tone="warning" title={t('reportForm.sawOverdue')}>
          <p data-testid="report-hado-saw">{report.hadoSaw ?? <CivilDate date={report.overdueSince} />}</p>
        </Notice>
      ) : (
        <p>{t('reportForm.sawNothing')}</p>
      )}
      {report.matches.length > 0 ? (
        <ul className="report-matches">
          {report.matches.map((match) => (
            <li key={`${match.obligationId ?? ''}-${match.findingId ?? ''}`} data-testid="report-match">
              {match.obligationId ? (
                <span>
                  {t('reportForm.matchObligation', { id: match.obligationId })}
                  {match.dueOn ? (
                    <>
                      {' · '}
                      {t('reportForm.matchDue')} <CivilDate date={match.dueOn} />
                    </>
                  ) : null}
                  {match.outstandingWon && match.outstandingWon !== '0' ? (
                    <>
                      {' · '}
                      {t('reportForm.matchOutstanding')} <Won amount={match.outstandingWon} />
                    </>
                  ) : null}
                </span>
              ) : null}
              {match.findingId ? (
                <span className="report-finding">
                  {t('reportForm.matchFinding', {
                    id: match.findingId,
                    kind: match.findingKind ? findingKind(match.findingKind) : '',
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
