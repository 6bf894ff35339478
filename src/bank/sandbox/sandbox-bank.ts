import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import { type CivilDate, seoulDateOf } from '../../kernel/civil-date.ts';
import type { Clock } from '../../kernel/clock.ts';
import {
  sandboxDeliveriesPerTickMax,
  sandboxDeliveryAttemptsMax,
  sandboxTransfersPerTickMax,
} from '../../kernel/limits.ts';
import { type BookingLine, buildCamt053, buildCamt054, buildPain002, type ReportedAccount } from './bank-messages.ts';
import { readPain001 } from './read-pain001.ts';

/** What the sandbox bank sends back to Hado, in the order it happened. */
export type OutgoingMessage = {
  readonly id: bigint;
  readonly kind: 'camt.054' | 'camt.053' | 'pain.002';
  /** The bank whose key signs it (the reporting bank of the account). */
  readonly bankCode: string;
  readonly xml: string;
};

/** How a delivery went: the message is retried unless it was delivered or refused for good. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'refused';

/** What the payee's bank does with a transfer after it arrives: nothing (it stays), or send it back. */
export type ReturnRule = (transfer: {
  readonly endToEndId: string;
  readonly creditorAccount: string;
  readonly amountWon: bigint;
}) => { readonly afterMs: number; readonly reason: string } | null;

export type SandboxBankOptions = {
  readonly db: Db;
  readonly clock: Clock;
  /** The bank a pain.001 debits when its debtor agent names none. */
  readonly defaultBankCode: string;
  /** Time between accepting an instruction and executing its first transfer. */
  readonly executionDelayMs: number;
  /** Further delay between the transfers of one instruction, so a division executes "over the following minutes". */
  readonly executionSpacingMs?: number;
  readonly returnRule?: ReturnRule;
  /** Sends one message to Hado (signed HTTP, or in-process); exceptions count as `retry`. */
  readonly deliver: (message: OutgoingMessage) => Promise<DeliveryOutcome>;
};

export type SubmitPain001Result =
  | { readonly kind: 'accepted'; readonly messageId: string; readonly transfers: number }
  | { readonly kind: 'duplicate'; readonly messageId: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** ISO 20022 reason codes the sandbox gives: AC04 closed account, AM04 insufficient funds, AC01 unknown account. */
export type RejectionReason = 'AC04' | 'AM04' | 'AC01';

/**
 * A simulated participating bank (DESIGN §4): it holds accounts (`sandbox_bank` schema), accepts pain.001
 * instructions, executes each transfer after a delay (refusing it with a pain.002 RJCT for a closed account,
 * AC04, or insufficient funds, AM04), lets a payee's bank return a transfer later, and reports every booking
 * on the accounts it reports (Hado's dedicated accounts) with a camt.054, and each finished day with a
 * camt.053. Messages go out in order through `deliver`, at least once, until delivered. Its state lives in
 * the database, so a restart loses nothing.
 */
export class SandboxBank {
  readonly #options: SandboxBankOptions;
  #ticking: Promise<void> | undefined;

  constructor(options: SandboxBankOptions) {
    assert(options.executionDelayMs >= 0);
    this.#options = options;
  }

  get options(): SandboxBankOptions {
    return this.#options;
  }

  /** Opens (or updates) an account; `reports` marks the accounts whose movements Hado watches. */
  async openAccount(account: {
    readonly bankCode: string;
    readonly accountNumber: string;
    readonly holderName: string;
    readonly balanceWon?: bigint;
    readonly reports?: boolean;
    readonly closed?: boolean;
  }): Promise<void> {
    await this.#options.db
      .insertInto('sandbox_bank.accounts')
      .values({
        bank_code: account.bankCode,
        account_number: account.accountNumber,
        holder_name: account.holderName,
        balance_won: account.balanceWon ?? 0n,
        reports: account.reports ?? false,
        closed: account.closed ?? false,
      })
      .onConflict((conflict) =>
        conflict.columns(['bank_code', 'account_number']).doUpdateSet({
          holder_name: account.holderName,
          ...(account.balanceWon === undefined ? {} : { balance_won: account.balanceWon }),
          ...(account.reports === undefined ? {} : { reports: account.reports }),
          ...(account.closed === undefined ? {} : { closed: account.closed }),
        }),
      )
      .execute();
  }

  /** Accepts a pain.001: every transfer is scheduled, or the message is refused whole. The same message id twice is a duplicate. */
  async submitPain001(xml: string): Promise<SubmitPain001Result> {
    const read = readPain001(xml);
    if (read.kind === 'malformed') return { kind: 'refused', reason: read.reason };
    const { messageId, blocks } = read.document;
    const now = this.#options.clock.now();
    const spacing = this.#options.executionSpacingMs ?? 0;
    return this.#options.db.transaction().execute(async (tx) => {
      const seen = await tx
        .selectFrom('sandbox_bank.transfers')
        .select('id')
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (seen) return { kind: 'duplicate', messageId } as const;
      let index = 0;
      const rows = [];
      for (const block of blocks) {
        for (const transfer of block.transfers) {
          if (transfer.currency !== 'KRW') {
            return { kind: 'refused', reason: `${transfer.endToEndId}: the sandbox bank moves KRW only` } as const;
          }
          rows.push({
            message_id: messageId,
            end_to_end_id: transfer.endToEndId,
            instruction_id: transfer.instructionId ?? block.paymentInformationId,
            debtor_bank_code: block.debtorBankCode ?? this.#options.defaultBankCode,
            debtor_account: block.debtorAccount,
            creditor_bank_code: transfer.creditorBankCode,
            creditor_account: transfer.creditorAccount,
            creditor_name: transfer.creditorName || '-',
            amount_won: transfer.amountMinor,
            remittance: transfer.remittance,
            origin: 'pain001' as const,
            execute_at: new Date(now.getTime() + this.#options.executionDelayMs + index * spacing),
            created_at: now,
          });
          index += 1;
        }
      }
      await tx.insertInto('sandbox_bank.transfers').values(rows).execute();
      return { kind: 'accepted', messageId, transfers: rows.length } as const;
    });
  }

  /**
   * A transfer the account holder makes by themselves (internet banking, at the counter), not instructed by
   * Hado: how money leaves a dedicated account for an account that is not a registered payee.
   */
  async counterTransfer(transfer: {
    readonly debtorBankCode: string;
    readonly debtorAccount: string;
    readonly creditorBankCode: string | null;
    readonly creditorAccount: string;
    readonly creditorName: string;
    readonly amountWon: bigint;
    readonly remittance?: string;
    readonly delayMs?: number;
  }): Promise<string> {
    const now = this.#options.clock.now();
    const endToEndId = `SBX-CTR-${randomBytes(6).toString('hex').toUpperCase()}`;
    await this.#options.db
      .insertInto('sandbox_bank.transfers')
      .values({
        message_id: 'counter',
        end_to_end_id: endToEndId,
        debtor_bank_code: transfer.debtorBankCode,
        debtor_account: transfer.debtorAccount,
        creditor_bank_code: transfer.creditorBankCode,
        creditor_account: transfer.creditorAccount,
        creditor_name: transfer.creditorName,
        amount_won: transfer.amountWon,
        remittance: transfer.remittance ?? null,
        origin: 'counter',
        execute_at: new Date(now.getTime() + (transfer.delayMs ?? 0)),
        created_at: now,
      })
      .execute();
    return endToEndId;
  }

  /**
   * Has the payee's bank send a pending transfer back `afterMs` after it executes, with an ISO return reason
   * (AC04 closed account, …): how the demo and the tests make a return happen. Kept with the transfer, so a
   * restart keeps it.
   */
  async scheduleReturn(endToEndId: string, afterMs: number, reason: string): Promise<boolean> {
    const updated = await this.#options.db
      .updateTable('sandbox_bank.transfers')
      .set({ return_after_ms: BigInt(afterMs), reason_code: reason })
      .where('end_to_end_id', '=', endToEndId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /**
   * One pass of the bank's day: executes due transfers, books due returns, closes finished days into
   * statements, and delivers what is waiting. Passes never overlap.
   */
  tick(): Promise<void> {
    this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  async #tick(): Promise<void> {
    await this.executeDueTransfers();
    await this.bookDueReturns();
    await this.closeFinishedDays();
    await this.deliverPending();
  }

  async executeDueTransfers(): Promise<number> {
    const now = this.#options.clock.now();
    const due = await this.#options.db
      .selectFrom('sandbox_bank.transfers')
      .select('id')
      .where('state', '=', 'pending')
      .where('execute_at', '<=', now)
      .orderBy('execute_at')
      .orderBy('id')
      .limit(sandboxTransfersPerTickMax)
      .execute();
    for (const { id } of due) await this.#options.db.transaction().execute((tx) => this.#execute(tx, id, now));
    return due.length;
  }

  async #execute(tx: Tx, transferId: bigint, now: Date): Promise<void> {
    const transfer = await tx
      .selectFrom('sandbox_bank.transfers')
      .selectAll()
      .where('id', '=', transferId)
      .where('state', '=', 'pending')
      .forUpdate()
      .executeTakeFirst();
    if (!transfer) return;
    const debtor = await lockAccount(tx, transfer.debtor_bank_code, transfer.debtor_account);
    const creditor = await findAccount(tx, transfer.creditor_bank_code, transfer.creditor_account);
    const reason: RejectionReason | null = !debtor
      ? 'AC01'
      : debtor.closed || creditor?.closed
        ? 'AC04'
        : debtor.balance_won < transfer.amount_won
          ? 'AM04'
          : null;
    if (reason !== null) {
      await tx
        .updateTable('sandbox_bank.transfers')
        .set({ state: 'rejected', reason_code: reason, executed_at: now })
        .where('id', '=', transferId)
        .execute();
      if (transfer.origin === 'pain001') {
        const xml = buildPain002({
          messageId: `SBX-P-${transferId}`,
          createdAt: now,
          originalMessageId: transfer.message_id,
          groupStatus: 'PART',
          rejected: [
            {
              paymentInformationId: transfer.instruction_id ?? 'PMTINF',
              endToEndId: transfer.end_to_end_id,
              instructionId: transfer.instruction_id,
              reason,
            },
          ],
        });
        await queue(tx, 'pain.002', `pain.002:${transfer.debtor_bank_code}:${transferId}`, xml, now);
      }
      return;
    }
    assert(debtor);
    const bookedOn = seoulDateOf(now);
    const reference = bookingReference(bookedOn, transferId);
    const returnRule = transfer.origin === 'pain001' ? this.#options.returnRule : undefined;
    const returns =
      transfer.return_after_ms !== null
        ? { afterMs: Number(transfer.return_after_ms), reason: transfer.reason_code ?? 'NARR' }
        : returnRule?.({
            endToEndId: transfer.end_to_end_id,
            creditorAccount: transfer.creditor_account,
            amountWon: transfer.amount_won,
          });
    await tx
      .updateTable('sandbox_bank.transfers')
      .set({
        state: 'executed',
        executed_at: now,
        booked_on: bookedOn,
        booking_reference: `${reference}D`,
        ...(returns ? { return_after_ms: BigInt(returns.afterMs), reason_code: returns.reason } : {}),
      })
      .where('id', '=', transferId)
      .execute();
    await this.#book(tx, now, {
      account: debtor,
      transferId,
      direction: 'debit',
      amountWon: transfer.amount_won,
      reference: `${reference}D`,
      endToEndId: transfer.end_to_end_id,
      instructionId: transfer.instruction_id,
      counterpartyName: transfer.creditor_name,
      counterpartyAccount: transfer.creditor_account,
      remittance: transfer.remittance,
      returned: false,
      returnReason: null,
    });
    if (creditor) {
      await this.#book(tx, now, {
        account: creditor,
        transferId,
        direction: 'credit',
        amountWon: transfer.amount_won,
        reference: `${reference}C`,
        endToEndId: transfer.end_to_end_id,
        instructionId: transfer.instruction_id,
        counterpartyName: debtor.holder_name,
        counterpartyAccount: debtor.account_number,
        remittance: transfer.remittance,
        returned: false,
        returnReason: null,
      });
    }
  }

  /** Returns whose time has come: the payee's bank sends the money back, reporting the original transfer. */
  async bookDueReturns(): Promise<number> {
    const now = this.#options.clock.now();
    const due = await sql<{ id: bigint }>`
      select id from sandbox_bank.transfers
      where state = 'executed' and return_after_ms is not null
        and executed_at + (return_after_ms || ' milliseconds')::interval <= ${now}
      order by id limit ${sandboxTransfersPerTickMax}`.execute(this.#options.db);
    for (const { id } of due.rows) {
      await this.#options.db.transaction().execute(async (tx) => {
        const transfer = await tx
          .selectFrom('sandbox_bank.transfers')
          .selectAll()
          .where('id', '=', id)
          .where('state', '=', 'executed')
          .forUpdate()
          .executeTakeFirst();
        if (!transfer) return;
        const debtor = await lockAccount(tx, transfer.debtor_bank_code, transfer.debtor_account);
        const creditor = await lockAccount(tx, transfer.creditor_bank_code, transfer.creditor_account);
        assert(debtor, 'an executed transfer debited an account the sandbox holds');
        const reference = bookingReference(seoulDateOf(now), id);
        if (creditor) {
          if (creditor.balance_won < transfer.amount_won) return; // The payee spent it already: no return.
          await this.#book(tx, now, {
            account: creditor,
            transferId: id,
            direction: 'debit',
            amountWon: transfer.amount_won,
            reference: `${reference}X`,
            endToEndId: transfer.end_to_end_id,
            instructionId: transfer.instruction_id,
            counterpartyName: debtor.holder_name,
            counterpartyAccount: debtor.account_number,
            remittance: transfer.remittance,
            returned: true,
            returnReason: transfer.reason_code,
          });
        }
        await this.#book(tx, now, {
          account: debtor,
          transferId: id,
          direction: 'credit',
          amountWon: transfer.amount_won,
          reference: `${reference}R`,
          endToEndId: transfer.end_to_end_id,
          instructionId: transfer.instruction_id,
          counterpartyName: transfer.creditor_name,
          counterpartyAccount: transfer.creditor_account,
          remittance: transfer.remittance,
          returned: true,
          returnReason: transfer.reason_code,
        });
        await tx
          .updateTable('sandbox_bank.transfers')
          .set({ state: 'returned', returned_at: now })
          .where('id', '=', id)
          .execute();
      });
    }
    return due.rows.length;
  }

  async #book(
    tx: Tx,
    now: Date,
    booking: {
      account: AccountRow;
      transferId: bigint;
      direction: 'credit' | 'debit';
      amountWon: bigint;
      reference: string;
      endToEndId: string;
      instructionId: string | null;
      counterpartyName: string | null;
      counterpartyAccount: string | null;
      remittance: string | null;
      returned: boolean;
      returnReason: string | null;
    },
  ): Promise<void> {
    const signed = booking.direction === 'credit' ? booking.amountWon : -booking.amountWon;
    const updated = await tx
      .updateTable('sandbox_bank.accounts')
      .set((eb) => ({ balance_won: eb('balance_won', '+', signed) }))
      .where('bank_code', '=', booking.account.bank_code)
      .where('account_number', '=', booking.account.account_number)
      .returning('balance_won')
      .executeTakeFirstOrThrow();
    const bookedOn = seoulDateOf(now);
    await tx
      .insertInto('sandbox_bank.bookings')
      .values({
        bank_code: booking.account.bank_code,
        account_number: booking.account.account_number,
        transfer_id: booking.transferId,
        direction: booking.direction,
        amount_won: booking.amountWon,
        booking_reference: booking.reference,
        end_to_end_id: booking.endToEndId,
        counterparty_name: booking.counterpartyName,
        counterparty_account: booking.counterpartyAccount,
        remittance: booking.remittance,
        returned: booking.returned,
        return_reason: booking.returnReason,
        booked_on: bookedOn,
        booked_at: now,
        balance_after_won: updated.balance_won,
      })
      .execute();
    if (!booking.account.reports) return;
    const xml = buildCamt054({
      messageId: `SBX-N-${booking.reference}`,
      createdAt: now,
      account: reportedAccount(booking.account),
      bookings: [
        {
          bookingReference: booking.reference,
          direction: booking.direction,
          amountWon: booking.amountWon,
          bookedOn,
          endToEndId: booking.endToEndId,
          instructionId: booking.instructionId,
          counterpartyName: booking.counterpartyName,
          counterpartyAccount: booking.counterpartyAccount,
          remittance: booking.remittance,
          returned: booking.returned,
          returnReason: booking.returnReason,
        },
      ],
    });
    await queue(tx, 'camt.054', `camt.054:${booking.account.bank_code}:${booking.reference}`, xml, now);
  }

  /** A camt.053 for every reported account and every finished day it had bookings on (once each). */
  async closeFinishedDays(): Promise<number> {
    const today = seoulDateOf(this.#options.clock.now());
    const days = await sql<{ bank_code: string; account_number: string; booked_on: string }>`
      select distinct b.bank_code, b.account_number, b.booked_on::text as booked_on
      from sandbox_bank.bookings b
      join sandbox_bank.accounts a on a.bank_code = b.bank_code and a.account_number = b.account_number
      where a.reports and b.booked_on < ${today}::date
        and not exists (select 1 from sandbox_bank.outgoing o
          where o.message_key = 'camt.053:' || b.bank_code || ':' || b.account_number || ':' || b.booked_on::text)
      order by 3 limit ${sandboxTransfersPerTickMax}`.execute(this.#options.db);
    for (const day of days.rows) await this.closeDay(day.bank_code, day.account_number, day.booked_on as CivilDate);
    return days.rows.length;
  }

  /** The day's statement for one account (tests and the end of a demo day call it directly). */
  async closeDay(bankCode: string, accountNumber: string, day: CivilDate): Promise<void> {
    const now = this.#options.clock.now();
    await this.#options.db.transaction().execute(async (tx) => {
      const account = await findAccount(tx, bankCode, accountNumber);
      assert(account, 'a statement is for an account the sandbox holds');
      const bookings = await tx
        .selectFrom('sandbox_bank.bookings')
        .selectAll()
        .where('bank_code', '=', bankCode)
        .where('account_number', '=', accountNumber)
        .where('booked_on', '=', day)
        .orderBy('id')
        .execute();
      if (bookings.length === 0) return;
      const first = bookings[0]!;
      const last = bookings.at(-1)!;
      const opening = first.balance_after_won + (first.direction === 'credit' ? -first.amount_won : first.amount_won);
      const xml = buildCamt053({
        messageId: `SBX-S-${accountNumber}-${day.replaceAll('-', '')}`,
        createdAt: now,
        account: reportedAccount(account),
        day,
        sequence: Number(day.replaceAll('-', '')),
        openingWon: opening,
        closingWon: last.balance_after_won,
        bookings: bookings.map(
          (row): BookingLine => ({
            bookingReference: row.booking_reference,
            direction: row.direction,
            amountWon: row.amount_won,
            bookedOn: row.booked_on as CivilDate,
            endToEndId: row.end_to_end_id,
            instructionId: null,
            counterpartyName: row.counterparty_name,
            counterpartyAccount: row.counterparty_account,
            remittance: row.remittance,
            returned: row.returned,
            returnReason: row.return_reason,
          }),
        ),
      });
      await queue(tx, 'camt.053', `camt.053:${bankCode}:${accountNumber}:${day}`, xml, now);
    });
  }

  /** Sends waiting messages in order; stops at the first that must be retried, so order is kept. */
  async deliverPending(): Promise<number> {
    const pending = await this.#options.db
      .selectFrom('sandbox_bank.outgoing')
      .select(['id', 'kind', 'xml', 'message_key', 'attempts'])
      .where('delivered_at', 'is', null)
      .where('attempts', '<', sandboxDeliveryAttemptsMax)
      .orderBy('id')
      .limit(sandboxDeliveriesPerTickMax)
      .execute();
    let delivered = 0;
    for (const message of pending) {
      let outcome: DeliveryOutcome;
      let error: string | null = null;
      try {
        outcome = await this.#options.deliver({
          id: message.id,
          kind: message.kind,
          bankCode: bankCodeOfKey(message.message_key, this.#options.defaultBankCode),
          xml: message.xml,
        });
      } catch (caught) {
        outcome = 'retry';
        error = (caught as Error).message.slice(0, 500);
      }
      await this.#options.db
        .updateTable('sandbox_bank.outgoing')
        .set({
          attempts: message.attempts + 1,
          last_error: outcome === 'refused' ? 'refused by Hado' : error,
          ...(outcome === 'retry' ? {} : { delivered_at: this.#options.clock.now() }),
        })
        .where('id', '=', message.id)
        .execute();
      if (outcome === 'retry') break;
      delivered += 1;
    }
    return delivered;
  }
}

type AccountRow = {
  bank_code: string;
  account_number: string;
  holder_name: string;
  balance_won: bigint;
  closed: boolean;
  reports: boolean;
};

async function lockAccount(tx: Tx, bankCode: string | null, accountNumber: string): Promise<AccountRow | undefined> {
  return findAccount(tx, bankCode, accountNumber, true);
}

/** An account by bank and number; without a bank code, by number when exactly one account has it. */
async function findAccount(
  tx: Tx,
  bankCode: string | null,
  accountNumber: string,
  forUpdate = false,
): Promise<AccountRow | undefined> {
  const rows = await tx
    .selectFrom('sandbox_bank.accounts')
    .select(['bank_code', 'account_number', 'holder_name', 'balance_won', 'closed', 'reports'])
    .where('account_number', '=', accountNumber)
    .$if(bankCode !== null, (q) => q.where('bank_code', '=', bankCode!))
    .$if(forUpdate, (q) => q.forUpdate())
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}

function reportedAccount(account: AccountRow): ReportedAccount {
  return { bankCode: account.bank_code, accountNumber: account.account_number, holderName: account.holder_name };
}

/** `SBX` + booking date + transfer id: unique per transfer and day, with a suffix per booking (≤ 35 characters). */
function bookingReference(day: CivilDate, transferId: bigint): string {
  return `SBX${day.replaceAll('-', '')}${transferId.toString().padStart(10, '0')}`;
}

async function queue(tx: Tx, kind: OutgoingMessage['kind'], key: string, xml: string, now: Date): Promise<void> {
  await tx
    .insertInto('sandbox_bank.outgoing')
    .values({ kind, message_key: key, xml, created_at: now })
    .onConflict((conflict) => conflict.column('message_key').doNothing())
    .execute();
}

/** Every message key names the bank whose account it reports (`camt.054:004:…`): that bank's key signs it. */
function bankCodeOfKey(key: string, fallback: string): string {
  const match = /^[a-z0-9.]+:(\d{3}):/.exec(key);
  return match ? match[1]! : fallback;
}
