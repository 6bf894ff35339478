import { sql } from 'kysely';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Db } from '../db/database.ts';
import { type CivilDate, civilDate, daysBetween } from '../kernel/civil-date.ts';
import { loanOverdueNoticesPerPassMax } from '../kernel/limits.ts';
import { formatDate, formatWon, type Locale, renderTemplate } from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import { enqueue, type OutboxMessageInput } from '../outbox/enqueue.ts';

/**
 * An assigned obligation that becomes overdue puts the lender's repayment late (issue 6 §3): the lender's users
 * and the buyer's officials are told, once per loan, through the outbox in the same transaction that marks the
 * loan noticed. Recipients without a phone get no SMS (the loan still shows the obligation overdue).
 */
export async function noticeOverdueLoans(
  db: Db,
  options: { readonly now: Date; readonly today: CivilDate; readonly settings: NotificationSettings },
): Promise<{ readonly noticed: number; readonly messages: number }> {
  return auditedWrite(db, { label: 'monitor' }, options.now, async (tx) => {
    const { rows } = await sql<{
      loan_id: bigint;
      contract_id: bigint;
      contract_number: string;
      borrower: string;
      bank: string;
      outstanding: bigint;
      due_on: string;
    }>`
      select l.id as loan_id, l.contract_id, ct.contract_number, f.name as borrower, b.name as bank,
        (o.amount_won - o.paid_won)::bigint as outstanding, o.due_on::text as due_on
      from loans l
      join obligations o on o.claim_line_id = l.claim_line_id
      join contracts ct on ct.id = l.contract_id
      join firms f on f.id = l.borrower_firm_id
      join banks b on b.id = l.bank_id
      where l.status in ('advanced', 'at_risk') and l.overdue_noticed_at is null
        and o.paid_won < o.amount_won and o.due_on < ${options.today}::date
      order by l.id
      limit ${loanOverdueNoticesPerPassMax}
      for update of l skip locked`.execute(tx);
    if (rows.length === 0) return { outcome: { noticed: 0, messages: 0 }, audit: [] };
    const { rows: recipients } = await sql<{ loan_id: bigint; user_id: bigint; phone: string; locale: Locale }>`
      select l.id as loan_id, u.id as user_id, u.phone_e164 as phone, u.locale
      from loans l
      join contracts ct on ct.id = l.contract_id
      join users u on u.disabled_at is null and u.phone_e164 is not null
        and ((u.role = 'official' and u.buyer_id = ct.buyer_id) or (u.role = 'bank' and u.bank_id = l.bank_id))
      where l.id = any(${rows.map((row) => String(row.loan_id))}::text[]::bigint[])
      order by l.id, u.id`.execute(tx);
    const messages: OutboxMessageInput[] = [];
    for (const row of rows) {
      for (const to of recipients.filter((recipient) => recipient.loan_id === row.loan_id)) {
        const params = {
          contract: row.contract_number,
          payee: row.borrower,
          bank: row.bank,
          amount: formatWon(row.outstanding, to.locale),
          dueOn: formatDate(row.due_on, to.locale),
          daysLate: daysBetween(civilDate(row.due_on), options.today),
          loan: String(row.loan_id),
        };
        messages.push({
          key: `loan:overdue:${row.loan_id}:user:${to.user_id}`,
          contractId: row.contract_id,
          kind: 'loan_overdue',
          recipient: { kind: 'user', id: to.user_id, phone: to.phone, locale: to.locale },
          sender: options.settings.sender,
          body: renderTemplate(to.locale, 'loan_overdue', params),
          payload: { template: 'loan_overdue', loanId: String(row.loan_id) },
          urgent: false,
        });
      }
    }
    const enqueued = await enqueue(tx, messages, { now: options.now, quietHours: options.settings.quietHours });
    await tx
      .updateTable('loans')
      .set({ overdue_noticed_at: options.now })
      .where(
        'id',
        'in',
        rows.map((row) => row.loan_id),
      )
      .execute();
    return {
      outcome: { noticed: rows.length, messages: enqueued.length },
      audit: rows.map((row) => ({
        action: 'loan.overdue_noticed',
        entity: 'loan',
        entityId: row.loan_id,
        contractId: row.contract_id,
        after: { dueOn: row.due_on, outstandingWon: String(row.outstanding), messages: enqueued.length },
      })),
    };
  });
}
