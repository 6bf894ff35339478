import type { ReportOutcome } from '../db/schema.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { reportReference } from './report.ts';

/**
 * The SMS a reporter gets at each step of their report, and the one the buyer's officials get when a report is
 * routed to them, in Korean and English. Short enough for an LMS; no personal data beyond the reference.
 */
export type ReportMessage =
  | {
      readonly kind: 'report.received';
      readonly reportId: bigint;
      readonly agency: string;
      readonly overdueSince: CivilDate | null;
    }
  | { readonly kind: 'report.under_review'; readonly reportId: bigint }
  | {
      readonly kind: 'report.resolved';
      readonly reportId: bigint;
      readonly outcome: ReportOutcome;
      readonly referredTo: string | null;
    }
  | { readonly kind: 'report.routed'; readonly reportId: bigint; readonly contractNumber: string | null };

const outcomeText = {
  paid: { ko: '지급이 확인되었습니다', en: 'the payment was confirmed' },
  direct_payment: { ko: '발주기관이 직접 지급하기로 결정했습니다', en: 'the buyer decided to pay you directly' },
  referred: { ko: '관계기관으로 이관했습니다', en: 'it was referred' },
} as const satisfies Record<ReportOutcome, { ko: string; en: string }>;

export function renderReportMessage(message: ReportMessage, locale: 'ko' | 'en'): string {
  const reference = reportReference(message.reportId);
  switch (message.kind) {
    case 'report.received': {
      const seen =
        message.overdueSince === null
          ? ''
          : locale === 'ko'
            ? ` Hado도 이 대금을 ${message.overdueSince}부터 연체로 보고 있습니다.`
            : ` Hado already sees this payment as overdue since ${message.overdueSince}.`;
      return locale === 'ko'
        ? `[Hado] 미지급 신고 ${reference}가 접수되어 ${message.agency}에 전달되었습니다.${seen}`
        : `[Hado] Your non-payment report ${reference} was received and sent to ${message.agency}.${seen}`;
    }
    case 'report.under_review':
      return locale === 'ko'
        ? `[Hado] 신고 ${reference}를 담당 공무원이 검토하고 있습니다.`
        : `[Hado] An official is reviewing your report ${reference}.`;
    case 'report.resolved': {
      const to = message.referredTo;
      const outcome =
        message.outcome === 'referred' && to
          ? locale === 'ko'
            ? `${to}(으)로 이관했습니다`
            : `it was referred to ${to}`
          : outcomeText[message.outcome][locale];
      return locale === 'ko'
        ? `[Hado] 신고 ${reference} 처리 완료: ${outcome}.`
        : `[Hado] Your report ${reference} is resolved: ${outcome}.`;
    }
    case 'report.routed':
      return locale === 'ko'
        ? `[Hado] 새 미지급 신고 ${reference}${message.contractNumber ? ` (${message.contractNumber})` : ''}가 접수되었습니다. 확인해 주세요.`
        : `[Hado] New non-payment report ${reference}${message.contractNumber ? ` (${message.contractNumber})` : ''}: please review.`;
  }
}

/** What the reporter reads at once on the screen after reporting (the same sentence as the SMS). */
export function hadoSawSentence(overdueSince: CivilDate | null, locale: 'ko' | 'en'): string | null {
  if (overdueSince === null) return null;
  return locale === 'ko'
    ? `Hado도 이 대금을 ${overdueSince}부터 연체로 보고 있습니다.`
    : `Hado already sees this payment as overdue since ${overdueSince}.`;
}
