import { type CivilDate, daysBetween } from '../kernel/civil-date.ts';
import {
  formatDate,
  formatWon,
  type Locale,
  renderTemplate,
  type TemplateName,
  type TemplateParams,
} from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import type { OutboxMessageInput, Recipient } from '../outbox/enqueue.ts';
import type { MonitoredKind } from './finding-kinds.ts';

/** A party as a message addresses it: names in both languages, a phone if it gave one. */
export type Party = {
  readonly kind: 'firm' | 'worker' | 'user';
  readonly id: bigint;
  readonly name: string | null;
  readonly nameEn: string | null;
  readonly phone: string | null;
  readonly locale: Locale;
};

/** What the messages about one obligation say: amounts, dates and the people concerned. */
export type ObligationFacts = {
  readonly obligationId: bigint;
  readonly contractId: bigint;
  readonly contractNumber: string;
  readonly buyerId: bigint;
  readonly kind: string;
  readonly amountWon: bigint;
  readonly paidWon: bigint;
  readonly dueOn: CivilDate;
  readonly paidOn: CivilDate | null;
  readonly prime: Party;
  readonly payee: Party;
};

/** Something the monitor noticed that people must be told of. */
export type MonitorEvent =
  | { readonly event: 'notice'; readonly notice: 'announced' | 'paid'; readonly facts: ObligationFacts }
  | {
      readonly event: 'finding';
      readonly kind: MonitoredKind;
      readonly findingId: bigint;
      readonly contractId: bigint | null;
      readonly contractNumber: string | null;
      readonly buyerId: bigint | null;
      readonly amountWon: bigint | null;
      readonly facts: ObligationFacts | undefined;
      readonly today: CivilDate;
      readonly interestWon?: bigint;
    }
  | {
      readonly event: 'suggestion';
      readonly suggestionId: bigint;
      readonly facts: ObligationFacts;
      readonly today: CivilDate;
    };

const nameOf = (party: Party, locale: Locale) =>
  (locale === 'en' ? (party.nameEn ?? party.name) : party.name) ?? (locale === 'en' ? 'the payee' : '수령인');

/**
 * The messages an event causes, rendered in each recipient's language, keyed by event and recipient so each goes
 * once. Recipients without a phone get none (the dashboard still shows the finding). Escalations to officials and
 * a diversion are urgent; the rest wait out quiet hours. Pure.
 */
export function messagesFor(
  event: MonitorEvent,
  officials: readonly Party[],
  settings: NotificationSettings,
): OutboxMessageInput[] {
  const out: OutboxMessageInput[] = [];
  const send = (
    key: string,
    contractId: bigint | null,
    to: Party,
    template: TemplateName,
    params: (locale: Locale) => TemplateParams,
    urgent: boolean,
  ) => {
    if (to.phone === null) return;
    const recipient: Recipient = { kind: to.kind, id: to.id, phone: to.phone, locale: to.locale };
    out.push({
      key: `${key}:${to.kind}:${to.id}`,
      contractId,
      kind: template,
      recipient,
      sender: settings.sender,
      body: renderTemplate(to.locale, template, params(to.locale)),
      payload: { template, event: key },
      urgent,
    });
  };
  if (event.event === 'notice') {
    const f = event.facts;
    const key = `notice:${event.notice}:${f.obligationId}`;
    if (event.notice === 'announced') {
      send(
        key,
        f.contractId,
        f.payee,
        'share_announced',
        (l) => ({
          contract: f.contractNumber,
          amount: formatWon(f.amountWon, l),
          payee: nameOf(f.payee, l),
          dueOn: formatDate(f.dueOn, l),
        }),
        false,
      );
    } else {
      send(
        key,
        f.contractId,
        f.payee,
        'paid',
        (l) => ({
          contract: f.contractNumber,
          amount: formatWon(f.paidWon, l),
          payee: nameOf(f.payee, l),
          paidOn: formatDate(f.paidOn ?? f.dueOn, l),
        }),
        false,
      );
    }
    return out;
  }
  if (event.event === 'suggestion') {
    const f = event.facts;
    const daysLate = daysFrom(f.dueOn, event.today);
    for (const official of officials) {
      send(
        `suggestion:${event.suggestionId}`,
        f.contractId,
        official,
        'direct_payment_suggested',
        (l) => ({
          contract: f.contractNumber,
          payee: nameOf(f.payee, l),
          amount: formatWon(f.amountWon - f.paidWon, l),
          daysLate,
        }),
        true,
      );
    }
    return out;
  }
  const key = `finding:${event.findingId}`;
  const f = event.facts;
  switch (event.kind) {
    case 'upcoming':
    case 'due_today':
      if (!f) return out;
      send(
        key,
        f.contractId,
        f.prime,
        event.kind === 'upcoming' ? 'deadline_warning' : 'due_today',
        (l) => ({
          payee: nameOf(f.payee, l),
          amount: formatWon(f.amountWon - f.paidWon, l),
          dueOn: formatDate(f.dueOn, l),
          daysLeft: daysFrom(event.today, f.dueOn),
        }),
        false,
      );
      return out;
    case 'overdue':
    case 'unpaid_wage': {
      if (!f) return out;
      const daysLate = daysFrom(f.dueOn, event.today);
      const wage = event.kind === 'unpaid_wage';
      send(
        key,
        f.contractId,
        f.payee,
        wage ? 'wage_late' : 'payment_late',
        (l) => ({
          payee: nameOf(f.payee, l),
          amount: formatWon(f.amountWon - f.paidWon, l),
          dueOn: formatDate(f.dueOn, l),
          daysLate,
        }),
        false,
      );
      for (const official of officials) {
        send(
          key,
          f.contractId,
          official,
          wage ? 'escalation_wage' : 'escalation_overdue',
          (l) => ({
            contract: f.contractNumber,
            prime: nameOf(f.prime, l),
            payee: nameOf(f.payee, l),
            amount: formatWon(f.amountWon - f.paidWon, l),
            daysLate,
          }),
          true,
        );
      }
      return out;
    }
    case 'paid_late':
      if (!f || event.interestWon === undefined) return out;
      send(
        key,
        f.contractId,
        f.payee,
        'paid_late',
        (l) => ({
          payee: nameOf(f.payee, l),
          amount: formatWon(f.amountWon, l),
          dueOn: formatDate(f.dueOn, l),
          daysLate: f.paidOn ? daysFrom(f.dueOn, f.paidOn) : 0,
          interest: formatWon(event.interestWon ?? 0n, l),
        }),
        false,
      );
      return out;
    case 'short_paid':
      if (!f) return out;
      send(
        key,
        f.contractId,
        f.payee,
        'short_paid',
        (l) => ({
          payee: nameOf(f.payee, l),
          amount: formatWon(f.amountWon, l),
          dueOn: formatDate(f.dueOn, l),
          paid: formatWon(f.paidWon, l),
          short: formatWon(f.amountWon - f.paidWon, l),
        }),
        false,
      );
      return out;
    case 'returned':
      if (!f) return out;
      send(
        key,
        f.contractId,
        f.prime,
        'payment_returned',
        (l) => ({
          payee: nameOf(f.payee, l),
          amount: formatWon(event.amountWon ?? f.amountWon, l),
        }),
        false,
      );
      return out;
    case 'diverted':
      for (const official of officials) {
        send(
          key,
          event.contractId,
          official,
          'diverted',
          (l) => ({
            contract: event.contractNumber ?? '-',
            amount: formatWon(event.amountWon ?? 0n, l),
          }),
          true,
        );
      }
      return out;
  }
}

const daysFrom = (from: CivilDate, to: CivilDate): number => daysBetween(from, to);
