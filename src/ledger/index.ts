/**
 * The double-entry ledger (DESIGN §2, §4): accounts per contract by party and purpose, balanced entries that
 * only grow, reversals as corrections, balances derived from lines, and the check behind `hado ledger check`.
 */

export {
  type AccountBalance,
  accountKeyOf,
  contractBalances,
  type Posting,
  type PostResult,
  postEntries,
  type ReverseResult,
  reverseEntries,
} from './ledger.store.ts';
export {
  checkLedger,
  type LedgerCheck,
  type LedgerViolation,
  type LedgerViolationCode,
  ledgerViolationCodes,
} from './ledger-check.ts';
export {
  accountKeyText,
  assertBalanced,
  type EntryDraft,
  entryTotal,
  type Layer,
  type LedgerAccountKey,
  layerOf,
  mirroredLines,
  normalSideOf,
  type OverpaymentDraft,
  type PostingLine,
  type Side,
} from './ledger-entry.ts';
