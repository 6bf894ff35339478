import { statementSummaryStatusesMax, statementSummaryWarningsMax } from '../../kernel/limits.ts';
import { addDecimalTexts } from '../../kernel/money.ts';
import type { BankEntry, PaymentStatusLevel, StatementBalance, StatementEvent } from './bank-movement.ts';
import { type ReadStatementOptions, readStatement, type StatementSource } from './read-statement.ts';

/** A balance as the summary shows it: the amount text exactly as reported. */
export type BalanceSummary = {
  readonly amount: string;
  readonly currency: string;
  readonly direction: 'credit' | 'debit';
};

/** One statement of a file summary (DESIGN §8, `hado statement parse FILE --summary`). */
export type StatementSummary = {
  readonly id: string | null;
  readonly account: string | null;
  /** Every entry whatever its status. */
  readonly entries: number;
  /** Transaction details; an entry without any counts as one. */
  readonly transactions: number;
  /** Entries with `RvslInd` true (MT940 `RC`/`RD`). */
  readonly reversals: number;
  /** Entry amounts added exactly as decimal text, keyed `CURRENCY:credit` / `CURRENCY:debit`. */
  readonly sums: Readonly<Record<string, string>>;
  /** Keyed by balance type; a sub-type is appended after `/`, a repeated key gets `#2`, `#3`, …. */
  readonly balances: Readonly<Record<string, BalanceSummary>>;
  /** Opening + booked credits − booked debits = closing, exactly; `null` without both or with an inexact one. */
  readonly reconciles: boolean | null;
};

/** One pain.002 status in a file summary. */
export type StatusSummary = {
  readonly level: PaymentStatusLevel;
  readonly status: string;
  readonly reasons: readonly string[];
};

/** The summary of one bank file. */
export type StatementFileSummary = {
  readonly format: string;
  readonly statements: readonly StatementSummary[];
  readonly statuses: readonly StatusSummary[];
  readonly warnings: readonly string[];
};

type StatementTally = {
  id: string | null;
  account: string | null;
  entries: number;
  transactions: number;
  reversals: number;
  sums: Record<string, string>;
  balances: Record<string, BalanceSummary>;
  balanceList: StatementBalance[];
  /** Booked movement per currency in minor units, for the balance check; `null` once one is inexact. */
  booked: Map<string, bigint | null>;
};

/** Reads a bank file and summarises it (counts, exact sums, balances, balance check, statuses, warnings). */
export async function summarizeStatementFile(
  source: StatementSource,
  options: ReadStatementOptions = {},
): Promise<StatementFileSummary> {
  return summarizeStatementEvents(readStatement(source, options));
}

/** Summarises a stream of statement events; holds one small tally per statement, never the movements. */
export async function summarizeStatementEvents(
  events: AsyncIterable<StatementEvent> | Iterable<StatementEvent>,
): Promise<StatementFileSummary> {
  let format = 'unknown';
  const statements: StatementSummary[] = [];
  const statuses: StatusSummary[] = [];
  const warnings: string[] = [];
  let warningsDropped = 0;
  let statusesDropped = 0;
  let tally: StatementTally | null = null;
  let entry: BankEntry | null = null;

  const warn = (message: string) => {
    if (warnings.length < statementSummaryWarningsMax) warnings.push(message);
    else warningsDropped += 1;
  };

  for await (const event of events) {
    switch (event.kind) {
      case 'document':
        format = event.document.format;
        break;
      case 'statement':
        tally = {
          id: event.statement.id,
          account: event.statement.account,
          entries: 0,
          transactions: 0,
          reversals: 0,
          sums: {},
          balances: {},
          balanceList: [],
          booked: new Map(),
        };
        break;
      case 'balance': {
        if (!tally) break;
        const balance = event.balance;
        tally.balanceList.push(balance);
        let key = balance.subType === null ? balance.type : `${balance.type}/${balance.subType}`;
        if (key in tally.balances) {
          let repeat = 2;
          while (`${key}#${repeat}` in tally.balances) repeat += 1;
          key = `${key}#${repeat}`;
        }
        tally.balances[key] = { amount: balance.amountText, currency: balance.currency, direction: balance.direction };
        for (const message of balance.warnings) warn(`statement ${balance.statementIndex + 1}: ${message}`);
        break;
      }
      case 'entry': {
        if (!tally) break;
        entry = event.entry;
        tally.entries += 1;
        tally.transactions += Math.max(1, entry.detailCount);
        if (entry.reversal) tally.reversals += 1;
        const key = `${entry.currency}:${entry.direction}`;
        tally.sums[key] = addDecimalTexts(tally.sums[key] ?? '0', entry.amountText);
        if (entry.booked) {
          const sofar = tally.booked.has(entry.currency) ? tally.booked.get(entry.currency)! : 0n;
          const signed =
            entry.amountMinor === null ? null : entry.direction === 'credit' ? entry.amountMinor : -entry.amountMinor;
          tally.booked.set(entry.currency, sofar === null || signed === null ? null : sofar + signed);
        }
        for (const message of entry.warnings) warn(`${where(entry.statementIndex, entry.entryIndex)}: ${message}`);
        break;
      }
      case 'movement': {
        const movement = event.movement;
        // The entry's own warnings were reported with the entry; only the detail's are new here.
        const skip = entry && entry.entryIndex === movement.entryIndex ? entry.warnings.length : 0;
        for (const message of movement.warnings.slice(skip)) {
          warn(`${where(movement.statementIndex, movement.entryIndex)} detail ${movement.detailIndex + 1}: ${message}`);
        }
        break;
      }
      case 'statement_end':
        if (tally) {
          const reconciles = reconcile(tally, event.statementIndex, warn);
          statements.push({
            id: tally.id,
            account: tally.account,
            entries: tally.entries,
            transactions: tally.transactions,
            reversals: tally.reversals,
            sums: tally.sums,
            balances: tally.balances,
            reconciles,
          });
        }
        tally = null;
        entry = null;
        break;
      case 'status':
        if (statuses.length < statementSummaryStatusesMax) {
          statuses.push({ level: event.status.level, status: event.status.status, reasons: event.status.reasons });
        } else statusesDropped += 1;
        break;
      case 'warning':
        warn(event.message);
        break;
    }
  }
  if (warningsDropped > 0) warnings.push(`${warningsDropped} more warnings not shown`);
  if (statusesDropped > 0) warnings.push(`${statusesDropped} more statuses not shown`);
  return { format, statements, statuses, warnings };
}

function where(statementIndex: number, entryIndex: number): string {
  return `statement ${statementIndex + 1} entry ${entryIndex + 1}`;
}

/**
 * The balance check: opening (OPBD, else PRCD or MT940 60a) plus booked credits minus booked debits in the
 * balance currency equals the closing balance (CLBD, MT940 62a). Many sample files do not reconcile: a
 * failed check is a warning, not a refusal.
 */
function reconcile(tally: StatementTally, statementIndex: number, warn: (message: string) => void): boolean | null {
  const opening =
    tally.balanceList.find((balance) => balance.type === 'OPBD') ??
    tally.balanceList.find((balance) => balance.role === 'opening');
  const closing = tally.balanceList.find((balance) => balance.role === 'closing');
  const label = `statement ${statementIndex + 1}`;
  if (!opening || !closing) return null;
  if (opening.amountMinor === null || closing.amountMinor === null) {
    warn(`${label}: balance check skipped: an opening or closing balance is inexact or in an unknown currency`);
    return null;
  }
  if (opening.currency !== closing.currency) {
    warn(`${label}: balance check skipped: opening in ${opening.currency}, closing in ${closing.currency}`);
    return null;
  }
  for (const [currency, amount] of tally.booked) {
    if (currency !== opening.currency) {
      // Entries in another currency cannot add up to the balance: the statement does not reconcile as given.
      warn(`${label}: does not reconcile: booked entries in ${currency} on a ${opening.currency} balance`);
      return false;
    }
    if (amount === null) {
      warn(`${label}: balance check skipped: a booked entry amount is inexact or in an unknown currency`);
      return null;
    }
  }
  const signed = (balance: StatementBalance) =>
    balance.direction === 'credit' ? balance.amountMinor! : -balance.amountMinor!;
  const movement = tally.booked.get(opening.currency) ?? 0n;
  const holds = signed(opening) + movement === signed(closing);
  if (!holds) {
    warn(
      `${label}: does not reconcile: opening ${opening.type} ${opening.amountText} + booked movements ≠ ` +
        `closing ${closing.type} ${closing.amountText} ${closing.currency}`,
    );
  }
  return holds;
}
