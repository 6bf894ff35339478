import { statementSummaryStatusesMax, statementSummaryWarningsMax } from '../../kernel/limits.ts';
import type { BankEntry, PaymentStatusLevel, StatementBalance, StatementEvent } from './bank-movement.ts';
import { type ReadStatementOptions, readStatementBatches, type StatementSource } from './read-statement.ts';

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
  /** Keyed `CURRENCY:direction`, in the order first seen. */
  sums: Map<string, DecimalSum>;
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
  const summary = new StatementSummarizer();
  for await (const batch of readStatementBatches(source, options)) {
    for (let index = 0; index < batch.length; index += 1) summary.add(batch[index]!);
  }
  return summary.finish();
}

/** Summarises a stream of statement events; holds one small tally per statement, never the movements. */
export async function summarizeStatementEvents(
  events: AsyncIterable<StatementEvent> | Iterable<StatementEvent>,
): Promise<StatementFileSummary> {
  const summary = new StatementSummarizer();
  for await (const event of events) summary.add(event);
  return summary.finish();
}

/**
 * The summary's state: a tally for the open statement and what the file has shown so far. Fed one event
 * at a time; everything it keeps is bounded (statements by the file's statements, warnings and statuses by
 * their limits).
 */
class StatementSummarizer {
  #format = 'unknown';
  readonly #statements: StatementSummary[] = [];
  readonly #statuses: StatusSummary[] = [];
  readonly #warnings: string[] = [];
  #warningsDropped = 0;
  #statusesDropped = 0;
  #tally: StatementTally | null = null;
  #entry: BankEntry | null = null;
  /** The sum the previous entry went to: consecutive entries almost always share currency and direction. */
  #lastSumKey = '';
  #lastSum: DecimalSum | null = null;

  readonly #warn = (message: string) => {
    if (this.#warnings.length < statementSummaryWarningsMax) this.#warnings.push(message);
    else this.#warningsDropped += 1;
  };

  add(event: StatementEvent): void {
    switch (event.kind) {
      case 'document':
        this.#format = event.document.format;
        return;
      case 'statement':
        this.#tally = {
          id: event.statement.id,
          account: event.statement.account,
          entries: 0,
          transactions: 0,
          reversals: 0,
          sums: new Map(),
          balances: {},
          balanceList: [],
          booked: new Map(),
        };
        this.#lastSum = null;
        return;
      case 'balance':
        this.#addBalance(event.balance);
        return;
      case 'entry':
        this.#addEntry(event.entry);
        return;
      case 'movement': {
        const movement = event.movement;
        // The entry's own warnings were reported with the entry; only the detail's are new here.
        const entry = this.#entry;
        const skip = entry && entry.entryIndex === movement.entryIndex ? entry.warnings.length : 0;
        for (let index = skip; index < movement.warnings.length; index += 1) {
          this.#warn(
            `${where(movement.statementIndex, movement.entryIndex)} detail ${movement.detailIndex + 1}: ${movement.warnings[index]}`,
          );
        }
        return;
      }
      case 'statement_end': {
        const tally = this.#tally;
        if (tally) {
          const reconciles = reconcile(tally, event.statementIndex, this.#warn);
          const sums: Record<string, string> = {};
          for (const [key, sum] of tally.sums) sums[key] = sum.text();
          this.#statements.push({
            id: tally.id,
            account: tally.account,
            entries: tally.entries,
            transactions: tally.transactions,
            reversals: tally.reversals,
            sums,
            balances: tally.balances,
            reconciles,
          });
        }
        this.#tally = null;
        this.#entry = null;
        this.#lastSum = null;
        return;
      }
      case 'status':
        if (this.#statuses.length < statementSummaryStatusesMax) {
          const status = event.status;
          this.#statuses.push({ level: status.level, status: status.status, reasons: status.reasons });
        } else this.#statusesDropped += 1;
        return;
      case 'warning':
        this.#warn(event.message);
        return;
    }
  }

  finish(): StatementFileSummary {
    const warnings = [...this.#warnings];
    if (this.#warningsDropped > 0) warnings.push(`${this.#warningsDropped} more warnings not shown`);
    if (this.#statusesDropped > 0) warnings.push(`${this.#statusesDropped} more statuses not shown`);
    return { format: this.#format, statements: this.#statements, statuses: this.#statuses, warnings };
  }

  #addBalance(balance: StatementBalance): void {
    const tally = this.#tally;
    if (!tally) return;
    tally.balanceList.push(balance);
    let key = balance.subType === null ? balance.type : `${balance.type}/${balance.subType}`;
    if (key in tally.balances) {
      let repeat = 2;
      while (`${key}#${repeat}` in tally.balances) repeat += 1;
      key = `${key}#${repeat}`;
    }
    tally.balances[key] = { amount: balance.amountText, currency: balance.currency, direction: balance.direction };
    for (const message of balance.warnings) this.#warn(`statement ${balance.statementIndex + 1}: ${message}`);
  }

  #addEntry(entry: BankEntry): void {
    const tally = this.#tally;
    if (!tally) return;
    this.#entry = entry;
    tally.entries += 1;
    tally.transactions += Math.max(1, entry.detailCount);
    if (entry.reversal) tally.reversals += 1;
    this.#sumOf(tally, entry.currency, entry.direction).add(entry.amountText);
    if (entry.booked) {
      const sofar = tally.booked.has(entry.currency) ? tally.booked.get(entry.currency)! : 0n;
      const signed =
        entry.amountMinor === null ? null : entry.direction === 'credit' ? entry.amountMinor : -entry.amountMinor;
      tally.booked.set(entry.currency, sofar === null || signed === null ? null : sofar + signed);
    }
    for (const message of entry.warnings) this.#warn(`${where(entry.statementIndex, entry.entryIndex)}: ${message}`);
  }

  #sumOf(tally: StatementTally, currency: string, direction: string): DecimalSum {
    const last = this.#lastSum;
    const lastKey = this.#lastSumKey;
    // Compared without building the key: `CUR:credit` / `CUR:debit`.
    if (
      last !== null &&
      lastKey.length === currency.length + 1 + direction.length &&
      lastKey.startsWith(currency) &&
      lastKey.endsWith(direction) &&
      lastKey.charCodeAt(currency.length) === 0x3a /* : */
    ) {
      return last;
    }
    const key = `${currency}:${direction}`;
    let sum = tally.sums.get(key);
    if (!sum) {
      sum = new DecimalSum();
      tally.sums.set(key, sum);
    }
    this.#lastSumKey = key;
    this.#lastSum = sum;
    return sum;
  }
}

/** Beyond this many digits a number no longer holds every integer exactly (2^53 has 16 digits). */
const safeDigitsMax = 15;

/**
 * An exact sum of unsigned decimal texts, kept as an integer at the longest scale seen (the summary shows
 * `1.5 + 2.25` as `3.75` and `12.50 + 1` as `13.50`). Amounts are added as plain numbers while the total
 * stays a safe integer and folded into a bigint only when it would not, so a statement of a million entries
 * costs a million additions, not a million bigint parses.
 */
class DecimalSum {
  #scale = 0;
  #total = 0n;
  /** Not yet folded into `#total`, at the same scale; always a safe integer. */
  #pending = 0;

  add(signedText: string): void {
    const sign = signedText.charCodeAt(0);
    const negative = sign === 0x2d; /* - */
    const text = negative || sign === 0x2b /* + */ ? signedText.slice(1) : signedText;
    const dot = text.indexOf('.');
    const scale = dot < 0 ? 0 : text.length - dot - 1;
    const unsignedDigits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
    const digits = negative ? `-${unsignedDigits}` : unsignedDigits;
    if (scale > this.#scale) {
      this.#total = (this.#total + BigInt(this.#pending)) * 10n ** BigInt(scale - this.#scale);
      this.#pending = 0;
      this.#scale = scale;
    }
    const shift = this.#scale - scale;
    if (unsignedDigits.length + shift <= safeDigitsMax) {
      const next = this.#pending + Number(digits) * 10 ** shift;
      if (Number.isSafeInteger(next)) {
        this.#pending = next;
        return;
      }
    }
    this.#total += BigInt(this.#pending) + BigInt(digits) * 10n ** BigInt(shift);
    this.#pending = 0;
  }

  /** The sum as decimal text with the longest scale seen. */
  text(): string {
    const scale = this.#scale;
    const value = this.#total + BigInt(this.#pending);
    const negative = value < 0n;
    const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
    const unsigned = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${unsigned}` : unsigned;
  }
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
