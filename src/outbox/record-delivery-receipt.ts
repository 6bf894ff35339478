import type { Actor } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Db } from '../db/database.ts';
import { assert } from '../kernel/assert.ts';
import type { DeliveryState } from '../sms/transports/index.ts';

/** What a provider's delivery report did: the message marked, or no sent message under that provider id. */
export type RecordDeliveryReceiptResult =
  | { readonly result: 'recorded'; readonly messageId: bigint; readonly state: 'delivered' | 'undeliverable' }
  | { readonly result: 'unknown_message' }
  /** A report that says nothing final (`unknown`): nothing changes. */
  | { readonly result: 'ignored' };

/**
 * Records a provider's delivery report (an HTTP provider's webhook; SMPP receipts go through the outbox worker):
 * the sent message with this provider message id becomes `delivered`, or `undeliverable` when the provider says
 * it expired, was rejected or could not be delivered. A later report wins (a provider may correct itself); a
 * message not yet handed to the provider, or unknown, is refused. Audited like every change.
 */
export async function recordDeliveryReceipt(
  db: Db,
  actor: Actor,
  receipt: { readonly providerMessageId: string; readonly state: DeliveryState; readonly at: Date },
): Promise<RecordDeliveryReceiptResult> {
  assert(receipt.providerMessageId.length > 0, 'a receipt names a provider message id');
  if (receipt.state === 'unknown') return { result: 'ignored' };
  const delivered = receipt.state === 'delivered';
  const state = delivered ? 'delivered' : 'undeliverable';
  return auditedWrite<RecordDeliveryReceiptResult>(db, actor, receipt.at, async (tx) => {
    const row = await tx
      .selectFrom('outbox_messages')
      .select(['id', 'state', 'contract_id'])
      .where('provider_message_id', '=', receipt.providerMessageId)
      .where('state', 'in', ['sent', 'delivered', 'undeliverable'])
      .orderBy('id', 'desc')
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { outcome: { result: 'unknown_message' as const }, audit: [] };
    await tx
      .updateTable('outbox_messages')
      .set({
        state,
        delivered_at: delivered ? receipt.at : null,
        last_error: delivered ? null : `delivery receipt: ${receipt.state}`,
        updated_at: receipt.at,
      })
      .where('id', '=', row.id)
      .execute();
    return {
      outcome: { result: 'recorded' as const, messageId: row.id, state },
      audit: [
        {
          action: 'outbox.delivery_receipt',
          entity: 'outbox_message',
          entityId: row.id,
          contractId: row.contract_id,
          before: { state: row.state },
          after: { state, reported: receipt.state, providerMessageId: receipt.providerMessageId },
        },
      ],
    };
  });
}
