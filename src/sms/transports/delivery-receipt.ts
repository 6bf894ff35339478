import type { DeliveryState } from './sms-transport.ts';

/**
 * SMPP 3.4 delivery receipts, read two ways because SMS centres differ: the `receipted_message_id` and
 * `message_state` TLVs (SMPP 3.4 §5.3.2.12, §5.3.2.35) when present, else the text of Appendix B,
 * `id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:… text:…`.
 */

/** `message_state` values (SMPP 3.4 §5.2.28) mapped to Hado's closed set. */
const stateByMessageState: Readonly<Record<number, DeliveryState>> = {
  2: 'delivered',
  3: 'expired',
  4: 'undeliverable', // DELETED: cancelled at the centre, so never delivered.
  5: 'undeliverable',
  8: 'rejected',
};

/** The `stat:` words of Appendix B mapped the same way. */
const stateByStat: Readonly<Record<string, DeliveryState>> = {
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'undeliverable',
  UNDELIV: 'undeliverable',
  REJECTD: 'rejected',
};

export function deliveryStateOfMessageState(messageState: number): DeliveryState {
  return stateByMessageState[messageState] ?? 'unknown';
}

export function deliveryStateOfStat(stat: string): DeliveryState {
  return stateByStat[stat.toUpperCase()] ?? 'unknown';
}

/** Reads `id` and `stat` from a receipt text; undefined when the text is not a receipt. */
export function parseReceiptText(text: string): { id: string; stat: string } | undefined {
  const id = /(?:^|\s)id:(\S{1,65})/i.exec(text)?.[1];
  const stat = /(?:^|\s)stat:(\S{1,7})/i.exec(text)?.[1];
  if (id === undefined || stat === undefined) return undefined;
  return { id, stat };
}

/**
 * Combines both sources: the TLVs win (they are typed), the text fills what they lack. Undefined when neither
 * names a message.
 */
export function readDeliveryReceipt(fields: {
  receiptedMessageId?: string | undefined;
  messageState?: number | undefined;
  text?: string | undefined;
}): { providerMessageId: string; state: DeliveryState } | undefined {
  const parsed = fields.text === undefined ? undefined : parseReceiptText(fields.text);
  const providerMessageId = fields.receiptedMessageId || parsed?.id;
  if (!providerMessageId) return undefined;
  const state =
    fields.messageState !== undefined
      ? deliveryStateOfMessageState(fields.messageState)
      : parsed !== undefined
        ? deliveryStateOfStat(parsed.stat)
        : 'unknown';
  return { providerMessageId, state };
}
