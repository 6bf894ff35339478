import { createHash } from 'node:crypto';
import type { BankMovement } from '../readers/index.ts';

/**
 * Which reference identifies a movement across messages. A bank reports one booking several times: live
 * in a camt.054, again in the day's camt.053 (and in camt.052 intraday, MT940 for older banks). What stays
 * the same across those messages is the bank's own booking reference (`AcctSvcrRef`), then the payment's
 * global ids (UETR, end-to-end id, transaction id). Positions in a file and free text do not.
 */
export type MovementIdentity = 'bank_reference' | 'uetr' | 'end_to_end_id' | 'transaction_id' | 'content';

/** Placeholders banks write where an id is mandatory but unknown: they identify nothing. */
const placeholderIds = new Set(['NOTPROVIDED', 'NONREF', 'NONE', 'NOREF', 'N/A', 'NA', '0']);

function usable(id: string | null): string | null {
  if (id === null) return null;
  const trimmed = id.trim();
  if (trimmed === '' || placeholderIds.has(trimmed.toUpperCase())) return null;
  return trimmed;
}

/** The account as reported, compacted: spaces and hyphens are how people write it, not part of it. */
export function compactAccount(account: string): string {
  return account.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The natural key of one movement (STYLE §12): the same booking reported by camt.054 and later by camt.053
 * gets the same key, so it books once.
 *
 * The key is `account | direction | reversal | currency | amount | booked date | identity | status`. Account, direction,
 * amount and booked date are what every report of a booking repeats; the identity tells two bookings apart
 * that share those: the bank reference first, then the UETR, the end-to-end id, the transaction id. A batch
 * entry's details share the entry's bank reference, so a detail adds its own best id (or its position in the
 * entry, which camt.054 and camt.053 keep, as a last resort).
 *
 * Without any id the key falls back to the content (counterparty, remittance, value date, transaction code)
 * and the movement's ordinal among movements of identical content in its message: the same file twice, or a
 * notification and a statement listing the same bookings, give the same keys, while two identical payments
 * in one statement stay two. Two banks' messages with identical id-less movements would collapse into one;
 * real bank feeds carry an `AcctSvcrRef`, so this is the rare fallback, and it is counted in the summary.
 */
export function movementNaturalKey(
  movement: BankMovement,
  context: { readonly detailCount: number; readonly contentOrdinal: number },
): { readonly key: string; readonly identityKey: string; readonly identity: MovementIdentity } {
  const { reference, identity } = identityOf(movement, context);
  const amount = movement.amountMinor === null ? `text:${movement.amountText ?? ''}` : movement.amountMinor.toString();
  const what = [
    compactAccount(movement.account ?? ''),
    movement.direction,
    movement.reversal ? 'R' : '-',
    movement.currency,
    amount,
  ].join('|');
  const status = movement.booked ? 'BOOK' : movement.status;
  // A pending (PDNG) or information (INFO) report and the later booking share the identity, not the key: the
  // booking must book, and it resolves the pending report's exception (matched through `identityKey`). A
  // pending report often has no booking date yet, so the identity leaves the date out.
  return {
    key: `${what}|${movement.bookedOn ?? movement.valueOn ?? ''}|${reference}|${status}`,
    identityKey: `${what}|${reference}`,
    identity,
  };
}

function identityOf(
  movement: BankMovement,
  context: { readonly detailCount: number; readonly contentOrdinal: number },
): { readonly reference: string; readonly identity: MovementIdentity } {
  const bankReference = usable(movement.bankReference);
  const uetr = usable(movement.uetr)?.toLowerCase() ?? null;
  const endToEndId = usable(movement.endToEndId);
  const transactionId = usable(movement.transactionId);
  const detailId = uetr ?? endToEndId ?? transactionId ?? usable(movement.instructionId);
  if (bankReference !== null) {
    // Details of a batch share the entry's reference; each adds what tells it apart.
    const detail = context.detailCount > 1 ? `#${detailId ?? `@${movement.detailIndex}`}` : '';
    return { reference: `ref:${bankReference}${detail}`, identity: 'bank_reference' };
  }
  if (uetr !== null) return { reference: `uetr:${uetr}`, identity: 'uetr' };
  if (endToEndId !== null) return { reference: `e2e:${endToEndId}`, identity: 'end_to_end_id' };
  if (transactionId !== null) return { reference: `tx:${transactionId}`, identity: 'transaction_id' };
  return {
    reference: `content:${movementContentDigest(movement)}#${context.contentOrdinal}`,
    identity: 'content',
  };
}

/** What an id-less movement says about itself, hashed: the fallback identity's content part. */
export function movementContentDigest(movement: BankMovement): string {
  const content = [
    movement.valueOn ?? '',
    movement.bankTransactionCode ?? '',
    movement.counterpartyAccount ?? '',
    movement.counterpartyName ?? '',
    movement.remittanceText ?? '',
    movement.creditorReference ?? '',
    usable(movement.entryReference) ?? '',
  ].join('\u001f');
  return createHash('sha256').update(content).digest('base64url').slice(0, 22);
}

/**
 * The part of a key without the fallback ordinal: movements in one message with the same prefix are counted
 * to give each its ordinal.
 */
export function contentOrdinalKey(movement: BankMovement): string {
  return [
    compactAccount(movement.account ?? ''),
    movement.direction,
    movement.reversal,
    movement.currency,
    movement.amountText,
    movement.bookedOn,
    movementContentDigest(movement),
  ].join('|');
}
