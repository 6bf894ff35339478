import type { JournalEntryKind, LedgerAccountKind, Purpose } from '../db/schema.ts';
import { assert } from '../kernel/assert.ts';
import type { CivilDate } from '../kernel/civil-date.ts';
import { journalLinesMax } from '../kernel/limits.ts';

/**
 * The double-entry ledger's vocabulary. Accounts are per contract, by party and purpose:
 *
 * | account            | layer | normal side | holds                                                    |
 * |--------------------|-------|-------------|----------------------------------------------------------|
 * | buyer_funding      | cash  | credit      | what the buyer has paid toward the contract              |
 * | dedicated:purpose  | cash  | debit       | money in the contract's dedicated account (never < 0)    |
 * | payee_received:p   | cash  | debit       | what payee account p has received                         |
 * | division_control   | memo  | debit       | the approved division not yet paid out                    |
 * | payable:p          | memo  | credit      | what is owed to payee account p (< 0 only with a finding) |
 *
 * The cash layer follows the money; the memo layer follows what is owed. Every entry balances in each layer
 * separately, so money never appears or vanishes and every obligation is matched by its counterpart.
 */
export type LedgerAccountKey =
  | { readonly kind: 'buyer_funding' }
  | { readonly kind: 'dedicated'; readonly purpose: Purpose }
  | { readonly kind: 'division_control' }
  | { readonly kind: 'payable'; readonly payeeAccountId: bigint }
  | { readonly kind: 'payee_received'; readonly payeeAccountId: bigint }
  /** Financing (issue 6): what lender account L advanced against receivables (cash, credit normal). */
  | { readonly kind: 'lender_funding'; readonly payeeAccountId: bigint }
  /** Financing: what payee account p received from lenders as advances (cash, debit normal). */
  | { readonly kind: 'loan_advanced'; readonly payeeAccountId: bigint }
  /** Direct payment (Framework Act §35): what the buyer undertook to pay payees directly (memo, credit normal). */
  | { readonly kind: 'buyer_direct' }
  /** Direct payment: by how much the prime's claims are reduced for it (memo, debit normal). */
  | { readonly kind: 'prime_deduction' };

export type Side = 'debit' | 'credit';
export type Layer = 'cash' | 'memo';

export const layerOf = (kind: LedgerAccountKind): Layer =>
  kind === 'division_control' || kind === 'payable' || kind === 'buyer_direct' || kind === 'prime_deduction'
    ? 'memo'
    : 'cash';

/** The side on which an account's balance is normally positive. */
export const normalSideOf = (kind: LedgerAccountKind): Side =>
  kind === 'buyer_funding' || kind === 'payable' || kind === 'lender_funding' || kind === 'buyer_direct'
    ? 'credit'
    : 'debit';

export type PostingLine = {
  readonly account: LedgerAccountKey;
  readonly side: Side;
  readonly amountWon: bigint;
  /** The obligation this line pays or recognises, so each obligation's history can be read back. */
  readonly obligationId?: bigint;
};

/** The excess of a payment beyond what its obligation was owed: recorded with the entry that caused it. */
export type OverpaymentDraft = {
  readonly obligationId: bigint;
  readonly payeeAccountId: bigint;
  readonly amountWon: bigint;
};

export type EntryDraft = {
  readonly contractId: bigint;
  readonly kind: JournalEntryKind;
  /** The banking day the money moved (or the obligation arose). */
  readonly effectiveOn: CivilDate;
  readonly claimId?: bigint;
  readonly reversesEntryId?: bigint;
  readonly memo?: string;
  readonly lines: readonly PostingLine[];
  readonly overpayments?: readonly OverpaymentDraft[];
};

export const accountKeyText = (key: LedgerAccountKey): string => {
  switch (key.kind) {
    case 'dedicated':
      return `dedicated:${key.purpose}`;
    case 'payable':
    case 'payee_received':
    case 'lender_funding':
    case 'loan_advanced':
      return `${key.kind}:${key.payeeAccountId}`;
    default:
      return key.kind;
  }
};

/** Σ debits of an entry, which equals Σ credits once it is checked balanced. */
export function entryTotal(lines: readonly PostingLine[]): bigint {
  let total = 0n;
  for (const line of lines) if (line.side === 'debit') total += line.amountWon;
  return total;
}

/**
 * An entry always balances, overall and within each layer; every amount is positive; its size is bounded.
 * A draft that breaks this is a programmer error: the domain builds entries, users never do.
 */
export function assertBalanced(draft: EntryDraft): void {
  assert(draft.lines.length >= 2 && draft.lines.length <= journalLinesMax, 'an entry has 2 … journalLinesMax lines');
  const sums = { cash: { debit: 0n, credit: 0n }, memo: { debit: 0n, credit: 0n } };
  for (const line of draft.lines) {
    assert(line.amountWon > 0n, 'a journal line moves a positive amount');
    sums[layerOf(line.account.kind)][line.side] += line.amountWon;
  }
  assert(sums.cash.debit === sums.cash.credit, 'the cash layer of an entry balances');
  assert(sums.memo.debit === sums.memo.credit, 'the memo layer of an entry balances');
  assert(entryTotal(draft.lines) > 0n, 'an entry moves something');
  assert((draft.kind === 'reversal') === (draft.reversesEntryId !== undefined), 'only a reversal reverses');
}

/** The mirror of an entry's lines: each line on the other side, for a correction that undoes it. */
export function mirroredLines(lines: readonly PostingLine[]): PostingLine[] {
  return lines.map((line) => ({ ...line, side: line.side === 'debit' ? 'credit' : 'debit' }));
}
