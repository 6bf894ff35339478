import { sql } from 'kysely';
import type { AuditEntry } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { Db, Tx } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { Clock } from '../kernel/clock.ts';
import { postEntries } from '../ledger/index.ts';
import { formatWon, type Locale, renderTemplate, type TemplateName } from '../notifications/render.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import { enqueue, type OutboxMessageInput } from '../outbox/index.ts';
import { directPaymentDecidedEntry, directPaymentEndToEndId } from './direct-payment.ts';

export type TakeDirectPaymentResult =
  | {
      readonly result: 'taken';
      readonly directPaymentId: bigint;
      readonly obligationId: bigint;
      readonly claimId: bigint;
      readonly amountWon: bigint;
      readonly endToEndId: string;
      readonly messages: number;
    }
  | { readonly result: 'not_found' }
  | { readonly result: 'suggestion_already_decided' }
  | { readonly result: 'obligation_already_paid' }
  | { readonly result: 'payee_account_not_verified' }
  | { readonly result: 'buyer_account_missing' };

export type TakeDirectPaymentRefusal = Exclude<TakeDirectPaymentResult['result'], 'taken'>;

/** Each refusal with its status and message; the route sends them in the API's one error shape. */
export const directPaymentRefusals = {
  not_found: { status: 404, ko: '찾을 수 없습니다', en: 'Not found' },
  suggestion_already_decided: {
    status: 409,
    ko: '이미 결정된 직접지급 제안입니다',
    en: 'This direct payment suggestion has already been decided',
  },
  obligation_already_paid: {
    status: 409,
    ko: '이미 지급된 채무입니다: 직접지급할 금액이 없습니다',
    en: 'The obligation is already paid: there is nothing to pay directly',
  },
  payee_account_not_verified: {
    status: 422,
    ko: '수령 계좌의 예금주 확인이 끝나지 않았습니다',
    en: "The payee's account has not been verified",
  },
  buyer_account_missing: {
    status: 422,
    ko: '발주기관의 지급 계좌가 등록되지 않았습니다',
    en: 'The buyer has no registered paying account to pay from',
  },
} as const satisfies Record<TakeDirectPaymentRefusal, { status: number; ko: string; en: string }>;

type Facts = {
  suggestion_id: bigint;
  state: 'pending' | 'taken' | 'declined';
  contract_id: bigint;
  contract_number: string;
  buyer_id: bigint;
  obligation_id: bigint;
  claim_id: bigint;
  claim_sequence: number;
  amount_won: bigint;
  paid_won: bigint;
  payee_account_id: bigint;
  verification: string;
  payee_kind: 'firm' | 'worker';
  payee_id: bigint;
  payee_name: string | null;
  payee_name_en: string | null;
  payee_phone: string | null;
  payee_locale: string | null;
  prime_id: bigint;
  prime_name: string;
  prime_name_en: string | null;
  prime_phone: string | null;
  prime_locale: string;
};

/**
 * The official takes a direct-payment suggestion (Framework Act §35) and Hado executes it, in one transaction: the
 * suggestion is decided, a direct payment of what the obligation still owes is recorded (its pain.001, from the
 * buyer's paying account to the payee's verified account, is built from it and submitted by the bank adapter),
 * the prime's claim is reduced by that amount in the ledger, and the payee, the prime and the buyer's officials
 * are told (Korean or English). Refusals write nothing: decided already, nothing left to pay, an unverified payee
 * account, no paying account for the buyer.
 */
export async function takeDirectPayment(
  db: Db,
  caller: Caller,
  clock: Clock,
  suggestionId: bigint,
  reason: string,
  settings: NotificationSettings,
): Promise<TakeDirectPaymentResult> {
  const now = clock.now();
  const today = clock.today();
  return auditedWrite<TakeDirectPaymentResult>(db, caller, now, async (tx) => {
    const refused = (result: TakeDirectPaymentRefusal) => ({ outcome: { result }, audit: [] });
    const { rows } = await sql<Facts>`
      select s.id as suggestion_id, s.state, s.contract_id, k.contract_number, k.buyer_id, o.id as obligation_id,
        o.claim_id, c.sequence as claim_sequence, o.amount_won, o.paid_won, o.payee_account_id, pa.verification,
        o.payee_kind, o.payee_id, coalesce(f.name, w.name) as payee_name, f.name_en as payee_name_en,
        coalesce(f.phone_e164, case when w.erased_at is null then w.phone_e164 end) as payee_phone,
        coalesce(f.locale, w.locale) as payee_locale, pf.id as prime_id, pf.name as prime_name,
        pf.name_en as prime_name_en, pf.phone_e164 as prime_phone, pf.locale as prime_locale
      from direct_payment_suggestions s
      join contracts k on k.id = s.contract_id
      join obligations o on o.id = s.obligation_id
      join claims c on c.id = o.claim_id
      join payee_accounts pa on pa.id = o.payee_account_id
      join firms pf on pf.id = k.prime_firm_id
      left join firms f on o.payee_kind = 'firm' and f.id = o.payee_id
      left join workers w on o.payee_kind = 'worker' and w.id = o.payee_id
      where s.id = ${suggestionId}
      for update of s, o`.execute(tx);
    const facts = rows[0];
    if (!facts || (caller.role === 'official' && facts.buyer_id !== caller.buyerId)) return refused('not_found');
    if (caller.role !== 'official' && caller.role !== 'admin') return refused('not_found');
    if (facts.state !== 'pending') return refused('suggestion_already_decided');
    const amountWon = facts.amount_won - facts.paid_won;
    if (amountWon <= 0n) return refused('obligation_already_paid');
    if (facts.verification !== 'verified') return refused('payee_account_not_verified');
    const buyerAccount = await tx
      .selectFrom('buyer_payment_accounts')
      .selectAll()
      .where('buyer_id', '=', facts.buyer_id)
      .executeTakeFirst();
    if (!buyerAccount) return refused('buyer_account_missing');

    await tx
      .updateTable('direct_payment_suggestions')
      .set({ state: 'taken', decided_by: caller.label, decided_at: now, reason })
      .where('id', '=', suggestionId)
      .execute();
    const posted = await postEntries(
      tx,
      [
        directPaymentDecidedEntry({
          contractId: facts.contract_id,
          claimId: facts.claim_id,
          obligationId: facts.obligation_id,
          amountWon,
          decidedOn: today,
        }),
      ],
      { actor: caller.label, at: now },
    );
    // Memo accounts without a floor: the decision always posts.
    assert(posted.result === 'posted', `a direct payment decision posts: ${posted.result}`);
    const inserted = await tx
      .insertInto('direct_payments')
      .values({
        contract_id: facts.contract_id,
        suggestion_id: suggestionId,
        obligation_id: facts.obligation_id,
        claim_id: facts.claim_id,
        payee_account_id: facts.payee_account_id,
        amount_won: amountWon,
        debtor_bank_code: buyerAccount.bank_code,
        debtor_account_number: buyerAccount.account_number,
        debtor_holder_name: buyerAccount.holder_name,
        decided_entry_id: posted.entryIds[0]!,
        decided_by: caller.label,
        decided_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const directPaymentId = inserted.id;
    const messages = await directPaymentMessages(tx, facts, directPaymentId, amountWon, settings);
    const enqueued = await enqueue(tx, messages, { now, quietHours: settings.quietHours });
    const audit: AuditEntry[] = [
      {
        action: 'direct_payment.taken',
        entity: 'direct_payment_suggestion',
        entityId: suggestionId,
        contractId: facts.contract_id,
        before: { state: 'pending' },
        after: { state: 'taken', reason, obligationId: String(facts.obligation_id) },
      },
      {
        action: 'direct_payment.instructed',
        entity: 'direct_payment',
        entityId: directPaymentId,
        contractId: facts.contract_id,
        after: {
          obligationId: String(facts.obligation_id),
          claimId: String(facts.claim_id),
          amountWon: String(amountWon),
          from: `${buyerAccount.bank_code}-${buyerAccount.account_number}`,
          endToEndId: directPaymentEndToEndId(directPaymentId),
          claimReducedBy: String(amountWon),
          journalEntry: String(posted.entryIds[0]),
          messages: enqueued.length,
        },
      },
    ];
    return {
      outcome: {
        result: 'taken' as const,
        directPaymentId,
        obligationId: facts.obligation_id,
        claimId: facts.claim_id,
        amountWon,
        endToEndId: directPaymentEndToEndId(directPaymentId),
        messages: enqueued.length,
      },
      audit,
    };
  });
}

type Recipient = {
  readonly kind: 'firm' | 'worker' | 'user';
  readonly id: bigint;
  readonly phone: string | null;
  readonly locale: Locale;
};

/** The payee, the prime and the buyer's officials with a phone, each in their language, once per direct payment. */
async function directPaymentMessages(
  tx: Tx,
  facts: Facts,
  directPaymentId: bigint,
  amountWon: bigint,
  settings: NotificationSettings,
): Promise<OutboxMessageInput[]> {
  const locale = (text: string | null): Locale => (text === 'en' ? 'en' : 'ko');
  const officials = await tx
    .selectFrom('users')
    .select(['id', 'phone_e164', 'locale'])
    .where('role', '=', 'official')
    .where('buyer_id', '=', facts.buyer_id)
    .where('disabled_at', 'is', null)
    .where('phone_e164', 'is not', null)
    .orderBy('id')
    .execute();
  const payeeName = (l: Locale) => (l === 'en' ? (facts.payee_name_en ?? facts.payee_name) : facts.payee_name) ?? '-';
  const primeName = (l: Locale) => (l === 'en' ? (facts.prime_name_en ?? facts.prime_name) : facts.prime_name);
  const params = (l: Locale) => ({
    contract: facts.contract_number,
    amount: formatWon(amountWon, l),
    payee: payeeName(l),
    prime: primeName(l),
    claim: facts.claim_sequence,
  });
  const out: OutboxMessageInput[] = [];
  const send = (to: Recipient, template: TemplateName) => {
    if (to.phone === null) return;
    out.push({
      key: `direct_payment:${directPaymentId}:${to.kind}:${to.id}`,
      contractId: facts.contract_id,
      kind: template,
      recipient: { kind: to.kind, id: to.id, phone: to.phone, locale: to.locale },
      sender: settings.sender,
      body: renderTemplate(to.locale, template, params(to.locale)),
      payload: { template, directPaymentId: String(directPaymentId) },
      urgent: false,
    });
  };
  send(
    { kind: facts.payee_kind, id: facts.payee_id, phone: facts.payee_phone, locale: locale(facts.payee_locale) },
    'direct_payment_payee',
  );
  send(
    { kind: 'firm', id: facts.prime_id, phone: facts.prime_phone, locale: locale(facts.prime_locale) },
    'direct_payment_prime',
  );
  for (const official of officials) {
    send(
      { kind: 'user', id: official.id, phone: official.phone_e164, locale: locale(official.locale) },
      'direct_payment_official',
    );
  }
  return out;
}
