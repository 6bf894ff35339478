import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import type { BankAdapter, SubmitInstructionResult } from '../bank/adapters/index.ts';
import { type BuildPain001Refusal, buildPain001, type Pain001Version } from '../bank/instructions/index.ts';
import type { Db, Executor } from '../db/database.ts';
import { seoulDateOf } from '../kernel/civil-date.ts';
import { parseBusinessNumber } from '../kernel/identifiers.ts';
import { directPaymentSubmissionsPerPassMax } from '../kernel/limits.ts';
import { directPaymentEndToEndId, directPaymentMessageId } from './direct-payment.ts';

export type DirectPaymentInstruction =
  | { readonly result: 'built'; readonly xml: string; readonly messageId: string; readonly bankCode: string }
  | { readonly result: 'not_found' }
  | { readonly result: BuildPain001Refusal; readonly field: string };

/**
 * The pain.001 of one direct payment: one block debiting the buyer's paying account, one transaction to the
 * payee's verified account under `HADO-D<id>`. Built from the stored row, so the same direct payment always gives
 * the same document and message id: a repeat can never make the bank pay twice.
 */
export async function directPaymentInstruction(
  db: Executor,
  directPaymentId: bigint,
  version: Pain001Version = '09',
): Promise<DirectPaymentInstruction> {
  const row = await db
    .selectFrom('direct_payments as d')
    .innerJoin('contracts as k', 'k.id', 'd.contract_id')
    .innerJoin('buyers as b', 'b.id', 'k.buyer_id')
    .innerJoin('payee_accounts as pa', 'pa.id', 'd.payee_account_id')
    .innerJoin('obligations as o', 'o.id', 'd.obligation_id')
    .leftJoin('firms as f', (join) => join.onRef('f.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'firm'))
    .leftJoin('workers as w', (join) => join.onRef('w.id', '=', 'o.payee_id').on('o.payee_kind', '=', 'worker'))
    .select([
      'd.id',
      'd.amount_won',
      'd.debtor_bank_code',
      'd.debtor_account_number',
      'd.debtor_holder_name',
      'd.decided_at',
      'k.contract_number',
      'b.name as buyer_name',
      'pa.bank_code',
      'pa.account_number',
      'pa.holder_name',
      'f.name as firm_name',
      'f.business_number',
      'w.name as worker_name',
    ])
    .where('d.id', '=', directPaymentId)
    .executeTakeFirst();
  if (!row) return { result: 'not_found' };
  const businessNumber = row.business_number ? parseBusinessNumber(row.business_number) : undefined;
  const messageId = directPaymentMessageId(row.id);
  const built = buildPain001(
    {
      messageId,
      createdAt: row.decided_at,
      initiatingParty: { name: row.buyer_name },
      paymentInformation: [
        {
          paymentInformationId: `${messageId}-DIRECT`,
          requestedExecutionOn: seoulDateOf(row.decided_at),
          debtor: { name: row.debtor_holder_name },
          debtorAccount: row.debtor_account_number,
          debtorAgent: { bankCode: row.debtor_bank_code },
          transfers: [
            {
              endToEndId: directPaymentEndToEndId(row.id),
              amountMinor: row.amount_won,
              creditor: {
                name: row.firm_name ?? row.worker_name ?? row.holder_name,
                ...(businessNumber ? { businessNumber } : {}),
              },
              creditorAccount: row.account_number,
              creditorAgent: { bankCode: row.bank_code },
              remittance: `${row.contract_number} 발주자 직접지급 (건설산업기본법 제35조)`,
            },
          ],
        },
      ],
    },
    version,
  );
  if (built.result !== 'built') return built;
  return { result: 'built', xml: built.xml, messageId, bankCode: row.debtor_bank_code };
}

export type SubmitDirectPaymentResult =
  | { readonly result: 'submitted'; readonly messageId: string; readonly bank: SubmitInstructionResult }
  | { readonly result: 'exists'; readonly messageId: string }
  | { readonly result: 'not_found' | 'not_buildable' };

/**
 * Sends a direct payment's pain.001 to the buyer's bank through its adapter, once, the way a claim's division is
 * sent: the submission is recorded under the message id before the bank is called, so a crash in between leaves a
 * `submitted` row to retry (the bank answers `duplicate` if it had it) and never a second instruction.
 */
export async function submitDirectPaymentInstruction(
  db: Db,
  adapter: BankAdapter,
  input: { readonly directPaymentId: bigint; readonly actor: Actor; readonly now: Date },
): Promise<SubmitDirectPaymentResult> {
  const built = await directPaymentInstruction(db, input.directPaymentId);
  if (built.result === 'not_found') return { result: 'not_found' };
  if (built.result !== 'built') return { result: 'not_buildable' };
  const payment = await db
    .selectFrom('direct_payments')
    .select(['contract_id'])
    .where('id', '=', input.directPaymentId)
    .executeTakeFirstOrThrow();
  const { messageId } = built;
  const recorded = await auditedWrite(db, input.actor, input.now, async (tx) => {
    const row = await tx
      .insertInto('bank_instruction_submissions')
      .values({
        message_id: messageId,
        contract_id: payment.contract_id,
        claim_id: null,
        bank_code: built.bankCode,
        sha256: createHash('sha256').update(built.xml).digest('hex'),
        transaction_count: 1,
        state: 'submitted',
        submitted_at: input.now,
      })
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return {
      outcome: row !== undefined,
      audit: row
        ? [
            {
              action: 'bank_instruction.submitted',
              entity: 'bank_instruction',
              entityId: messageId,
              contractId: payment.contract_id,
              after: { directPaymentId: String(input.directPaymentId), transactions: 1, adapter: adapter.name },
            },
          ]
        : [],
    };
  });
  if (!recorded) {
    const existing = await db
      .selectFrom('bank_instruction_submissions')
      .select('state')
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    if (existing.state !== 'submitted' && existing.state !== 'failed') return { result: 'exists', messageId };
  }
  const bank = await adapter.submitInstruction({
    messageId,
    bankCode: built.bankCode,
    xml: built.xml,
    transactionCount: 1,
  });
  const state =
    bank.kind === 'accepted' || bank.kind === 'duplicate'
      ? 'accepted'
      : bank.kind === 'refused'
        ? 'rejected'
        : 'failed';
  await db
    .updateTable('bank_instruction_submissions')
    .set({ state, reason: 'reason' in bank ? bank.reason : null, answered_at: input.now })
    .where('message_id', '=', messageId)
    .execute();
  return { result: 'submitted', messageId, bank };
}

/**
 * The direct payments whose instruction stands, in id order: instructed or paid (a rejected one's transfer never
 * happened). What `hado instructions export --all` writes beside the claims' divisions.
 */
export async function standingDirectPaymentIds(db: Executor): Promise<bigint[]> {
  const rows = await db
    .selectFrom('direct_payments')
    .select('id')
    .where('state', '<>', 'rejected')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Direct payments decided but not yet handed to the bank (or whose hand-over failed): what a worker submits. */
export async function unsubmittedDirectPayments(db: Executor, limit: number): Promise<bigint[]> {
  const { rows } = await sql<{ id: bigint }>`
    select d.id from direct_payments d
    left join bank_instruction_submissions s on s.message_id = 'HADO-DP' || d.id
    where d.state = 'instructed' and (s.id is null or s.state in ('submitted', 'failed'))
    order by d.id limit ${limit}`.execute(db);
  return rows.map((row) => row.id);
}

/**
 * Hands every decided direct payment not yet accepted to the bank adapter (the in-process sandbox in the demo runs
 * this each step, so a direct payment an official takes is executed and reported while you watch).
 */
export async function submitPendingDirectPayments(
  db: Db,
  adapter: BankAdapter,
  actor: Actor,
  now: Date,
): Promise<number> {
  let submitted = 0;
  for (const directPaymentId of await unsubmittedDirectPayments(db, directPaymentSubmissionsPerPassMax)) {
    const outcome = await submitDirectPaymentInstruction(db, adapter, { directPaymentId, actor, now });
    if (outcome.result === 'submitted') submitted += 1;
  }
  return submitted;
}
