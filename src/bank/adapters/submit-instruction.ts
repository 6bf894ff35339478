import { createHash } from 'node:crypto';
import type { Actor } from '../../audit/audit-log.ts';
import { auditedWrite } from '../../audit/audited-write.ts';
import { claimInstruction, messageIdOf } from '../../claims/index.ts';
import type { Db } from '../../db/database.ts';
import type { BankAdapter, SubmitInstructionResult } from './bank-adapter.ts';

export type SubmitClaimResult =
  | { readonly result: 'submitted'; readonly messageId: string; readonly bank: SubmitInstructionResult }
  | { readonly result: 'exists'; readonly messageId: string }
  | { readonly result: 'not_found' | 'claim_not_paid' | 'not_buildable' };

/**
 * Sends a paid claim's divided transfers (its pain.001) to the bank through its adapter, once: the submission is
 * recorded under the message id before the bank is called, so a crash between the two leaves a `submitted` row to
 * retry (the bank answers `duplicate` if it had the message) and never a second instruction.
 */
export async function submitClaimInstruction(
  db: Db,
  adapter: BankAdapter,
  input: { readonly claimId: bigint; readonly actor: Actor; readonly now: Date },
): Promise<SubmitClaimResult> {
  const built = await claimInstruction(db, input.claimId, '09');
  if (built.result === 'not_found' || built.result === 'claim_not_paid') return { result: built.result };
  if (built.result !== 'built') return { result: 'not_buildable' };
  const claim = await db
    .selectFrom('claims')
    .innerJoin('dedicated_accounts', 'dedicated_accounts.contract_id', 'claims.contract_id')
    .select(['claims.contract_id', 'claims.version', 'dedicated_accounts.bank_code'])
    .where('claims.id', '=', input.claimId)
    .executeTakeFirstOrThrow();
  const messageId = messageIdOf(input.claimId, claim.version);
  const recorded = await auditedWrite(db, input.actor, input.now, async (tx) => {
    const row = await tx
      .insertInto('bank_instruction_submissions')
      .values({
        message_id: messageId,
        contract_id: claim.contract_id,
        claim_id: input.claimId,
        bank_code: claim.bank_code,
        sha256: createHash('sha256').update(built.xml).digest('hex'),
        transaction_count: built.transactionCount,
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
              contractId: claim.contract_id,
              after: { claimId: input.claimId, transactions: built.transactionCount, adapter: adapter.name },
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
    bankCode: claim.bank_code,
    xml: built.xml,
    transactionCount: built.transactionCount,
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
