import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import type { EntryDraft, OverpaymentDraft, PostingLine } from '../ledger/index.ts';

/**
 * Direct payment by the buyer (Framework Act §35, DESIGN §8): the pure part. When an official takes a suggestion,
 * the buyer pays the payee from its own paying account and the prime's claim is reduced by the same amount. Two
 * entries book it:
 *
 * | when                          | kind                     | lines                                                   |
 * | ----------------------------- | ------------------------ | ------------------------------------------------------- |
 * | the official decides          | `direct_payment_decided` | Dr prime_deduction, Cr buyer_direct (memo)              |
 * | the bank reports the transfer | `direct_payment`         | Dr payee_received, Cr buyer_funding (cash);             |
 * |                               |                          | Dr payable, Cr division_control (memo)                  |
 *
 * The buyer's money settles the obligation as a transfer from the dedicated account would, except that it comes
 * from the buyer (more buyer funding) instead of the dedicated account; the share the buyer had paid into the
 * dedicated account stays there, owed back by the prime: that is the deduction.
 */

/** `HADO-D<direct payment id>`: the end-to-end id of the buyer's transfer, distinct from the division's. */
export const directPaymentEndToEndId = (directPaymentId: bigint): string => `HADO-D${directPaymentId}`;

/** The direct payment an end-to-end id names, when it is one. */
export function directPaymentIdOfEndToEndId(endToEndId: string): bigint | undefined {
  const match = /^HADO-D([1-9][0-9]{0,17})$/.exec(endToEndId.trim());
  return match ? BigInt(match[1]!) : undefined;
}

/** `HADO-DP<direct payment id>`: the pain.001 message of one direct payment. */
export const directPaymentMessageId = (directPaymentId: bigint): string => `HADO-DP${directPaymentId}`;

/** The direct payment a pain.001 message id names, when it is one. */
export function directPaymentIdOfMessageId(messageId: string): bigint | undefined {
  const match = /^HADO-DP([1-9][0-9]{0,17})$/.exec(messageId.trim());
  return match ? BigInt(match[1]!) : undefined;
}

/** The official's decision in the ledger: the prime's claim reduced by what the buyer undertakes to pay. */
export function directPaymentDecidedEntry(input: {
  readonly contractId: bigint;
  readonly claimId: bigint;
  readonly obligationId: bigint;
  readonly amountWon: bigint;
  readonly decidedOn: CivilDate;
}): EntryDraft {
  assert(input.amountWon > 0n, 'a direct payment moves a positive amount');
  return {
    contractId: input.contractId,
    claimId: input.claimId,
    kind: 'direct_payment_decided',
    effectiveOn: input.decidedOn,
    memo: `direct payment of obligation ${input.obligationId} (Framework Act §35)`,
    lines: [
      {
        account: { kind: 'prime_deduction' },
        side: 'debit',
        amountWon: input.amountWon,
        obligationId: input.obligationId,
      },
      {
        account: { kind: 'buyer_direct' },
        side: 'credit',
        amountWon: input.amountWon,
        obligationId: input.obligationId,
      },
    ],
  };
}

/**
 * The buyer's transfer reported by its bank: the obligation settled with the buyer's money. Whatever goes beyond
 * what the obligation still owed (the prime paid meanwhile) is booked as an overpayment, because the money moved.
 */
export function directPaymentSettledEntry(input: {
  readonly contractId: bigint;
  readonly claimId: bigint;
  readonly obligation: {
    readonly id: bigint;
    readonly payeeAccountId: bigint;
    readonly amountWon: bigint;
    readonly paidWon: bigint;
  };
  readonly amountWon: bigint;
  readonly paidOn: CivilDate;
}): EntryDraft {
  const { obligation, amountWon } = input;
  assert(amountWon > 0n, 'a direct payment moves a positive amount');
  const excess =
    obligation.paidWon >= obligation.amountWon ? amountWon : obligation.paidWon + amountWon - obligation.amountWon;
  const overpayments: OverpaymentDraft[] =
    excess > 0n ? [{ obligationId: obligation.id, payeeAccountId: obligation.payeeAccountId, amountWon: excess }] : [];
  const tagged = (line: Omit<PostingLine, 'obligationId'>): PostingLine => ({ ...line, obligationId: obligation.id });
  return {
    contractId: input.contractId,
    claimId: input.claimId,
    kind: 'direct_payment',
    effectiveOn: input.paidOn,
    memo: `obligation ${obligation.id} paid by the buyer (Framework Act §35)`,
    lines: [
      tagged({
        account: { kind: 'payee_received', payeeAccountId: obligation.payeeAccountId },
        side: 'debit',
        amountWon,
      }),
      tagged({ account: { kind: 'buyer_funding' }, side: 'credit', amountWon }),
      tagged({ account: { kind: 'payable', payeeAccountId: obligation.payeeAccountId }, side: 'debit', amountWon }),
      tagged({ account: { kind: 'division_control' }, side: 'credit', amountWon }),
    ],
    overpayments,
  };
}
