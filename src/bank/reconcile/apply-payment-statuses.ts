import type { Actor } from '../../audit/audit-log.ts';
import { obligationIdOfEndToEndId } from '../../claims/index.ts';
import type { Tx } from '../../db/database.ts';
import {
  directPaymentEndToEndId,
  directPaymentIdOfEndToEndId,
  directPaymentIdOfMessageId,
  directPaymentMessageId,
} from '../../monitor/direct-payment.ts';
import { type DirectPaymentRejection, rejectDirectPayments } from '../../monitor/reject-direct-payments.ts';
import { type NotificationSettings, notificationSettings } from '../../notifications/settings.ts';
import type { PaymentStatus } from '../readers/index.ts';
import { type FindingDraft, raiseFindings } from './findings.ts';

/** Statuses by which a bank accepts an instruction (ISO ExternalPaymentTransactionStatus1Code). */
const acceptedStatuses = new Set(['ACCP', 'ACSP', 'ACSC', 'ACTC', 'ACWC', 'ACCC']);

/**
 * Applies a pain.002 status report: the submission it answers is marked accepted or rejected, and each
 * rejected transfer raises a `transfer_rejected` finding on the obligation its end-to-end id names (no money
 * moved, so the ledger is untouched: the obligation stays owed). A rejected direct payment by the buyer
 * (`HADO-D<id>`, or its whole message `HADO-DP<id>` rejected) is undone (`rejectDirectPayments`: the prime's
 * claim reduction reversed, the suggestion open again, the officials told) and its finding names its contract
 * and obligation. `settings` address those messages (the process's settings when absent).
 */
export async function applyPaymentStatuses(
  tx: Tx,
  input: {
    readonly statuses: readonly PaymentStatus[];
    readonly now: Date;
    readonly actor: Actor;
    readonly settings?: NotificationSettings;
  },
): Promise<void> {
  for (const status of input.statuses) {
    if (status.level !== 'group' || status.originalMessageId === null) continue;
    const state = status.status === 'RJCT' ? 'rejected' : acceptedStatuses.has(status.status) ? 'accepted' : null;
    if (state === null) continue;
    await tx
      .updateTable('bank_instruction_submissions')
      .set({ state, reason: status.reasons.join(',') || null, answered_at: input.now })
      .where('message_id', '=', status.originalMessageId)
      .where('state', 'in', ['submitted', 'accepted'])
      .execute();
  }
  const directPayments = directPaymentRejections(input.statuses);
  const rejected = input.statuses.filter(
    (status) =>
      status.level === 'transaction' &&
      status.status === 'RJCT' &&
      status.originalEndToEndId !== null &&
      directPaymentIdOfEndToEndId(status.originalEndToEndId) === undefined,
  );
  if (rejected.length === 0 && directPayments.length === 0) return;
  const obligationIds = rejected.flatMap((status) => {
    const id = obligationIdOfEndToEndId(status.originalEndToEndId!);
    return id === undefined ? [] : [id];
  });
  const obligations =
    obligationIds.length === 0
      ? []
      : await tx
          .selectFrom('obligations')
          .select(['id', 'contract_id', 'amount_won'])
          .where('id', 'in', obligationIds)
          .execute();
  const byId = new Map(obligations.map((row) => [row.id, row]));
  const drafts: FindingDraft[] = rejected.map((status) => {
    const obligation = byId.get(obligationIdOfEndToEndId(status.originalEndToEndId!) ?? -1n);
    return {
      kind: 'transfer_rejected',
      key: `transfer_rejected:${status.originalMessageId ?? ''}:${status.originalEndToEndId}`,
      contractId: obligation?.contract_id ?? null,
      obligationId: obligation?.id ?? null,
      movementId: null,
      amountWon: obligation?.amount_won ?? null,
      detail: {
        endToEndId: status.originalEndToEndId,
        messageId: status.originalMessageId,
        reasons: status.reasons,
        information: status.additionalInformation,
      },
    };
  });
  drafts.push(
    ...(await rejectDirectPayments(tx, directPayments, {
      now: input.now,
      actor: input.actor,
      settings: input.settings ?? notificationSettings(),
    })),
  );
  await raiseFindings(tx, drafts, input.actor, input.now);
}

/**
 * The direct payments a report rejects, once each: a rejected transfer under `HADO-D<id>`, or a direct payment's
 * whole message (`HADO-DP<id>`, one transfer) rejected at group or payment-information level.
 */
function directPaymentRejections(statuses: readonly PaymentStatus[]): DirectPaymentRejection[] {
  const byId = new Map<bigint, DirectPaymentRejection>();
  // A transfer's own status first: its reason codes are the precise ones.
  const transactionsFirst = [
    ...statuses.filter((status) => status.level === 'transaction'),
    ...statuses.filter((status) => status.level !== 'transaction'),
  ];
  for (const status of transactionsFirst) {
    if (status.status !== 'RJCT') continue;
    const directPaymentId =
      status.level === 'transaction'
        ? status.originalEndToEndId === null
          ? undefined
          : directPaymentIdOfEndToEndId(status.originalEndToEndId)
        : status.originalMessageId === null
          ? undefined
          : directPaymentIdOfMessageId(status.originalMessageId);
    if (directPaymentId === undefined || byId.has(directPaymentId)) continue;
    byId.set(directPaymentId, {
      directPaymentId,
      // A direct payment's message is its own: named even when the transfer's status does not repeat it.
      messageId: status.originalMessageId ?? directPaymentMessageId(directPaymentId),
      endToEndId: directPaymentEndToEndId(directPaymentId),
      reasons: status.reasons,
      information: status.additionalInformation,
    });
  }
  return [...byId.values()];
}
