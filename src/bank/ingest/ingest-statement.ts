import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { sql } from 'kysely';
import { type Actor, appendAudit } from '../../audit/audit-log.ts';
import type { Db, Executor } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import { ingestBatchMax, statementSummaryStatusesMax, statementSummaryWarningsMax } from '../../kernel/limits.ts';
import {
  type BankMovement,
  type PaymentStatus,
  readStatement,
  StatementError,
  type StatementEvent,
} from '../readers/index.ts';
import { applyPaymentStatuses, type ReconcileOptions, reconcileMessage } from '../reconcile/index.ts';
import { compactAccount, contentOrdinalKey, type MovementIdentity, movementNaturalKey } from './movement-key.ts';
import { hashFile } from './spool-message.ts';

/** How a message reached Hado: the banks' HTTP channel, a drop folder, `hado statement ingest`, an adapter's poll. */
export type IngestChannel = 'api' | 'drop_folder' | 'cli' | 'adapter';

export type IngestOptions = {
  readonly channel: IngestChannel;
  /** The bank that sent the message (authenticated channel, its drop folder): its accounts are matched only. */
  readonly bankId?: bigint | null;
  readonly actor: Actor;
  readonly now: () => Date;
  /** Names the file in messages and in the message record; the path's base name by default. */
  readonly name?: string;
  /** Refuse larger files; the CLI streams any size (Infinity), the server passes its limit. */
  readonly fileBytesMax?: number;
  /** Already computed while the body was received (the inbound channel spools and hashes in one pass). */
  readonly sha256?: string;
  readonly byteCount?: number;
  readonly batchMax?: number;
  /** Called after every committed batch: what is reported here is acknowledged and survives a crash. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Reconciliation settings (the ledger posting, the date window). */
  readonly reconcile?: Partial<ReconcileOptions>;
};

export type IngestProgress = { readonly bytesRead: number; readonly byteCount: number; readonly movements: number };

/** `ingested` the first time (or when a crashed ingestion is resumed), `exists` for the same bytes again. */
export type IngestResult = 'ingested' | 'exists' | 'refused';

/** What `hado statement ingest` prints per file and what the inbound channel answers. */
export type IngestSummary = {
  readonly result: IngestResult;
  readonly messageId: string;
  readonly sha256: string;
  readonly name: string | null;
  readonly format: string | null;
  /** Movements in the message (after splitting batches). */
  readonly movements: number;
  /** First reported by this message. */
  readonly new: number;
  /** Already reported by an earlier message (a camt.053 after its camt.054s): booked once. */
  readonly duplicate: number;
  /** Same key as an earlier report but a different end-to-end id or counterparty: not written. */
  readonly conflicting: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly returned: number;
  readonly diverted: number;
  /** Stored flagged and queued for a person: unknown account, not booked, inexact or missing amount. */
  readonly exceptions: number;
  readonly findings: number;
  /** pain.002 payment statuses read. */
  readonly statuses: number;
  /** Movements identified by content alone (no bank reference nor payment id): see movement-key.ts. */
  readonly identifiedByContent: number;
  readonly refusal: string | null;
  readonly warnings: readonly string[];
};

type Row = {
  readonly key: string;
  readonly identityKey: string;
  readonly identity: MovementIdentity;
  readonly movement: BankMovement;
  readonly accountDigits: string | null;
};

/**
 * Books a bank file's movements: the message once by its hash, each movement once by its natural key,
 * streamed and written in set-based batches of `ingestBatchMax`, each batch reconciled in the same
 * transaction. A crash loses nothing committed; running the same file again resumes it and books nothing
 * twice (`ON CONFLICT DO NOTHING` on the natural key). A file that turns out malformed part-way keeps the
 * movements read before the fault (each was a complete, valid booking) and is recorded as refused.
 */
export async function ingestStatementFile(db: Db, path: string, options: IngestOptions): Promise<IngestSummary> {
  const name = options.name ?? basename(path);
  const hashed =
    options.sha256 !== undefined && options.byteCount !== undefined
      ? { sha256: options.sha256, byteCount: options.byteCount }
      : await hashFile(path);
  if (options.fileBytesMax !== undefined && hashed.byteCount > options.fileBytesMax) {
    throw new StatementError({ file: name }, `file larger than the limit of ${options.fileBytesMax} bytes`);
  }
  const now = options.now;
  const claimed = await claimMessage(db, { ...hashed, name, options, receivedAt: now() });
  if (claimed.kind === 'done') return claimed.summary;
  const messageId = claimed.id;

  const bankCode = options.bankId
    ? ((await db.selectFrom('banks').select('code').where('id', '=', options.bankId).executeTakeFirst())?.code ?? null)
    : null;
  const batchMax = options.batchMax ?? ingestBatchMax;
  assert(batchMax >= 1 && batchMax <= ingestBatchMax * 10);

  const warnings: string[] = [];
  const warn = (text: string) => {
    if (warnings.length < statementSummaryWarningsMax) warnings.push(text);
  };
  const statuses: PaymentStatus[] = [];
  let document: Extract<StatementEvent, { kind: 'document' }>['document'] | null = null;
  let detailCount = 0;
  let movementCount = 0;
  let conflicting = 0;
  let identifiedByContent = 0;
  const contentOrdinals = new Map<string, number>();
  let batch: Row[] = [];
  let bytesRead = 0;

  // One batch is written while the next is read: the reader (this process) and the database then work at the
  // same time. Batches still commit one after the other, in file order, and each reports its own progress.
  let writing: Promise<void> | null = null;
  const write = async (rows: readonly Row[], progress: IngestProgress) => {
    await db.transaction().execute(async (tx) => {
      const outcome = await insertMovements(tx, { messageId, bankCode, rows, now: now() });
      conflicting += outcome.conflicts.length;
      for (const conflict of outcome.conflicts) warn(conflict);
      await reconcileMessage(tx, { messageId, now: now(), actor: options.actor, ...options.reconcile });
    });
    options.onProgress?.(progress);
  };
  /** Waits for the batch being written, if any: its failure surfaces here. */
  const settle = async () => {
    const pending = writing;
    writing = null;
    await pending;
  };
  /** Starts writing the batch read so far, once the one before it has committed. */
  const flush = async () => {
    await settle();
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    writing = write(rows, { bytesRead, byteCount: hashed.byteCount, movements: movementCount });
    // Handled when awaited by the next flush or settle; until then the reader goes on.
    writing.catch(() => undefined);
  };

  const source = countingStream(path, (bytes) => {
    bytesRead += bytes;
  });
  try {
    for await (const event of readStatement(source, { name, fileBytesMax: options.fileBytesMax ?? Infinity })) {
      switch (event.kind) {
        case 'document':
          document = event.document;
          break;
        case 'entry':
          detailCount = event.entry.detailCount;
          for (const text of event.entry.warnings) warn(text);
          break;
        case 'movement': {
          const movement = event.movement;
          movementCount += 1;
          const ordinalKey = contentOrdinalKey(movement);
          const contentOrdinal = (contentOrdinals.get(ordinalKey) ?? 0) + 1;
          const keyed = movementNaturalKey(movement, { detailCount, contentOrdinal });
          if (keyed.identity === 'content') {
            identifiedByContent += 1;
            contentOrdinals.set(ordinalKey, contentOrdinal);
          }
          batch.push({ ...keyed, movement, accountDigits: koreanAccountDigits(movement.account) });
          if (batch.length >= batchMax) await flush();
          break;
        }
        case 'status':
          if (statuses.length < statementSummaryStatusesMax) statuses.push(event.status);
          break;
        case 'warning':
          warn(event.message);
          break;
        case 'balance':
          for (const text of event.balance.warnings) warn(text);
          break;
        default:
          break;
      }
    }
    await flush();
    await settle();
  } catch (error) {
    if (!(error instanceof StatementError)) {
      await settle().catch(() => undefined);
      throw error;
    }
    await flush()
      .then(settle)
      .catch(() => undefined);
    return finishMessage(db, {
      messageId,
      sha256: hashed.sha256,
      name,
      document,
      movementCount,
      conflicting,
      identifiedByContent,
      statuses: statuses.length,
      warnings,
      refusal: error.message,
      actor: options.actor,
      now: now(),
    });
  }

  if (statuses.length > 0) {
    await db.transaction().execute((tx) => applyPaymentStatuses(tx, { statuses, now: now(), actor: options.actor }));
  }
  return finishMessage(db, {
    messageId,
    sha256: hashed.sha256,
    name,
    document,
    movementCount,
    conflicting,
    identifiedByContent,
    statuses: statuses.length,
    warnings,
    refusal: null,
    actor: options.actor,
    now: now(),
  });
}

/** A Korean account number in a report (digits, maybe hyphens), or null for an IBAN or a foreign number. */
function koreanAccountDigits(account: string | null): string | null {
  if (account === null) return null;
  const compact = compactAccount(account);
  return /^\d{10,16}$/.test(compact) ? compact : null;
}

async function* countingStream(path: string, count: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    count((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

type Claimed = { readonly kind: 'claimed'; readonly id: bigint } | { readonly kind: 'done'; summary: IngestSummary };

/**
 * Records the message, or finds it: the same bytes that were ingested (or refused) before answer `exists`
 * with the summary of then; a message left `receiving` by a crash is taken up again.
 */
async function claimMessage(
  db: Db,
  input: {
    sha256: string;
    byteCount: number;
    name: string;
    options: IngestOptions;
    receivedAt: Date;
  },
): Promise<Claimed> {
  const inserted = await db
    .insertInto('bank_messages')
    .values({
      sha256: input.sha256,
      bank_id: input.options.bankId ?? null,
      channel: input.options.channel,
      name: input.name,
      byte_count: BigInt(input.byteCount),
      received_by: input.options.actor.label,
      received_at: input.receivedAt,
      state: 'receiving',
    })
    .onConflict((conflict) => conflict.column('sha256').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { kind: 'claimed', id: inserted.id };
  const existing = await db
    .selectFrom('bank_messages')
    .select(['id', 'state', 'summary'])
    .where('sha256', '=', input.sha256)
    .executeTakeFirstOrThrow();
  if (existing.state === 'receiving') return { kind: 'claimed', id: existing.id };
  const stored = existing.summary as Omit<IngestSummary, 'result'>;
  return { kind: 'done', summary: { ...stored, result: 'exists' } };
}

type InsertOutcome = { readonly conflicts: readonly string[] };

const text = (value: string | null | undefined) => value ?? null;

/**
 * One set-based insert of a batch (unnest over column arrays: DESIGN §7 measures it at twice multi-row
 * INSERT), resolving each movement's dedicated account and contract in the same statement. Rows whose key
 * exists are left alone: a duplicate when the earlier report agrees, a conflict when its end-to-end id or
 * counterparty account differs.
 */
async function insertMovements(
  tx: Executor,
  input: { messageId: bigint; bankCode: string | null; rows: readonly Row[]; now: Date },
): Promise<InsertOutcome> {
  const { rows } = input;
  const column = <T>(pick: (row: Row) => T) => rows.map(pick);
  const m = (pick: (movement: BankMovement) => unknown) => rows.map((row) => pick(row.movement));
  // What cannot be booked is queued in the same statement: a second pass over wide rows would cost as much
  // as the insert. A pending report of a booking already known is superseded at once.
  const inserted = await sql<{ natural_key: string }>`
    with inserted as (
    insert into bank_movements (
      natural_key, identity_key, identity, message_id, statement_index, entry_index, detail_index,
      contract_id, dedicated_account_id, account, currency, amount_minor, amount_text, direction,
      booked_on, value_on, status, booked, inexact, reversal, returned, return_reason,
      bank_transaction_code, bank_reference, entry_reference, end_to_end_id, instruction_id, transaction_id,
      uetr, counterparty_name, counterparty_account, remittance_text, creditor_reference, warnings, received_at,
      state, reconciled_at)
    select u.natural_key, u.identity_key, u.identity, ${input.messageId}, u.statement_index::int,
      u.entry_index::int, u.detail_index::int, d.contract_id, d.id, u.account, u.currency,
      u.amount_minor::bigint, u.amount_text, u.direction, u.booked_on::date, u.value_on::date, u.status,
      u.booked::boolean, u.inexact::boolean, u.reversal::boolean, u.returned::boolean, u.return_reason,
      u.bank_transaction_code, u.bank_reference, u.entry_reference, u.end_to_end_id, u.instruction_id,
      u.transaction_id, u.uetr, u.counterparty_name, u.counterparty_account, u.remittance_text,
      u.creditor_reference, u.warnings::jsonb, ${input.now},
      case
        when not u.booked::boolean and exists (select 1 from bank_movements b
          where b.identity_key = u.identity_key and b.booked) then 'superseded'
        when not u.booked::boolean or u.inexact::boolean or u.amount_minor is null or d.id is null then 'exception'
        else 'received'
      end,
      case when not u.booked::boolean or u.inexact::boolean or u.amount_minor is null or d.id is null
        then ${input.now}::timestamptz end
    from unnest(
      ${column((r) => r.key)}::text[], ${column((r) => r.identityKey)}::text[], ${column((r) => r.identity)}::text[],
      ${m((x) => String(x.statementIndex))}::text[], ${m((x) => String(x.entryIndex))}::text[],
      ${m((x) => String(x.detailIndex))}::text[], ${m((x) => x.account ?? '')}::text[],
      ${column((r) => r.accountDigits)}::text[], ${m((x) => x.currency)}::text[],
      ${m((x) => (x.amountMinor === null ? null : x.amountMinor.toString()))}::text[],
      ${m((x) => text(x.amountText))}::text[], ${m((x) => x.direction)}::text[],
      ${m((x) => text(x.bookedOn))}::text[], ${m((x) => text(x.valueOn))}::text[], ${m((x) => x.status)}::text[],
      ${m((x) => String(x.booked))}::text[], ${m((x) => String(x.inexact))}::text[],
      ${m((x) => String(x.reversal))}::text[], ${m((x) => String(x.returned))}::text[],
      ${m((x) => text(x.returnReason))}::text[], ${m((x) => text(x.bankTransactionCode))}::text[],
      ${m((x) => text(x.bankReference))}::text[], ${m((x) => text(x.entryReference))}::text[],
      ${m((x) => text(x.endToEndId))}::text[], ${m((x) => text(x.instructionId))}::text[],
      ${m((x) => text(x.transactionId))}::text[], ${m((x) => text(x.uetr))}::text[],
      ${m((x) => text(x.counterpartyName))}::text[], ${m((x) => text(x.counterpartyAccount))}::text[],
      ${m((x) => text(x.remittanceText))}::text[], ${m((x) => text(x.creditorReference))}::text[],
      ${m((x) => (x.warnings.length === 0 ? null : JSON.stringify(x.warnings)))}::text[]
    ) as u(natural_key, identity_key, identity, statement_index, entry_index, detail_index, account,
      account_digits, currency, amount_minor, amount_text, direction, booked_on, value_on, status, booked,
      inexact, reversal, returned, return_reason, bank_transaction_code, bank_reference, entry_reference,
      end_to_end_id, instruction_id, transaction_id, uetr, counterparty_name, counterparty_account,
      remittance_text, creditor_reference, warnings)
    left join lateral (
      select min(a.id) as id, min(a.contract_id) as contract_id
      from dedicated_accounts a
      where a.account_number = u.account_digits
        and (${input.bankCode}::text is null or a.bank_code = ${input.bankCode}::text)
      having count(*) = 1
    ) d on true
    on conflict (natural_key) do nothing
    returning id, natural_key, contract_id, state, booked, inexact, amount_minor
    ), queued as (
      insert into bank_exceptions (movement_id, contract_id, bank_id, kind, raised_at)
      select i.id, i.contract_id, (select bank_id from bank_messages where id = ${input.messageId}),
        case when not i.booked then 'not_booked' when i.inexact then 'inexact_amount'
             when i.amount_minor is null then 'no_amount' else 'unknown_account' end,
        ${input.now}
      from inserted i where i.state = 'exception'
      on conflict (movement_id, kind) do nothing
    )
    select natural_key from inserted`.execute(tx);
  if (inserted.rows.length === rows.length) return { conflicts: [] };

  const insertedKeys = new Set(inserted.rows.map((row) => row.natural_key));
  const others = rows.filter((row) => !insertedKeys.has(row.key));
  // A key twice within the batch itself (a bank repeating an entry) is a duplicate of its first report.
  if (others.length === 0) return { conflicts: [] };
  const existing = await tx
    .selectFrom('bank_movements')
    .select(['id', 'natural_key', 'message_id', 'end_to_end_id', 'counterparty_account'])
    .where('natural_key', 'in', [...new Set(others.map((row) => row.key))])
    .execute();
  const byKey = new Map(existing.map((row) => [row.natural_key, row]));
  const conflicts: string[] = [];
  for (const row of others) {
    const earlier = byKey.get(row.key);
    assert(earlier, 'a row not inserted on conflict exists');
    if (earlier.message_id === input.messageId) continue;
    const differs = (a: string | null, b: string | null) => a !== null && b !== null && a !== b;
    if (
      differs(earlier.end_to_end_id, row.movement.endToEndId) ||
      differs(
        earlier.counterparty_account && compactAccount(earlier.counterparty_account),
        row.movement.counterpartyAccount && compactAccount(row.movement.counterpartyAccount),
      )
    ) {
      const where = `statement ${row.movement.statementIndex + 1}, entry ${row.movement.entryIndex + 1}`;
      conflicts.push(`${where}: same booking as movement ${earlier.id} but a different payment id or counterparty`);
    }
  }
  return { conflicts };
}

/** Counts what became of the message's movements, stores the summary and marks the message done. */
async function finishMessage(
  db: Db,
  input: {
    messageId: bigint;
    sha256: string;
    name: string;
    document: { format: string; family: string; messageId: string | null } | null;
    movementCount: number;
    conflicting: number;
    identifiedByContent: number;
    statuses: number;
    warnings: string[];
    refusal: string | null;
    actor: Actor;
    now: Date;
  },
): Promise<IngestSummary> {
  return db.transaction().execute(async (tx) => {
    const counts = await sql<{
      new: bigint;
      matched: bigint;
      unmatched: bigint;
      returned: bigint;
      diverted: bigint;
      exceptions: bigint;
      findings: bigint;
    }>`
      select count(*) as new,
        count(*) filter (where state = 'matched') as matched,
        count(*) filter (where state = 'unmatched') as unmatched,
        count(*) filter (where state = 'returned') as returned,
        count(*) filter (where state = 'diverted') as diverted,
        count(*) filter (where state = 'exception') as exceptions,
        (select count(*) from findings f join bank_movements fm on fm.id = f.movement_id
          where fm.message_id = ${input.messageId}) as findings
      from bank_movements where message_id = ${input.messageId}`.execute(tx);
    const row = counts.rows[0]!;
    const fresh = Number(row.new);
    const summary: IngestSummary = {
      result: input.refusal === null ? 'ingested' : 'refused',
      messageId: String(input.messageId),
      sha256: input.sha256,
      name: input.name,
      format: input.document?.format ?? null,
      movements: input.movementCount,
      new: fresh,
      duplicate: Math.max(0, input.movementCount - fresh - input.conflicting),
      conflicting: input.conflicting,
      matched: Number(row.matched),
      unmatched: Number(row.unmatched),
      returned: Number(row.returned),
      diverted: Number(row.diverted),
      exceptions: Number(row.exceptions),
      findings: Number(row.findings),
      statuses: input.statuses,
      identifiedByContent: input.identifiedByContent,
      refusal: input.refusal,
      warnings: input.warnings,
    };
    const { result: _, ...stored } = summary;
    await tx
      .updateTable('bank_messages')
      .set({
        state: input.refusal === null ? 'ingested' : 'refused',
        refusal: input.refusal,
        format: input.document?.format ?? null,
        family: input.document?.family ?? null,
        message_id: input.document?.messageId ?? null,
        summary: JSON.stringify(stored),
        ingested_at: input.refusal === null ? input.now : null,
      })
      .where('id', '=', input.messageId)
      .execute();
    const { warnings: __, ...audited } = stored;
    await appendAudit(
      tx,
      input.actor,
      {
        action: input.refusal === null ? 'bank_message.ingested' : 'bank_message.refused',
        entity: 'bank_message',
        entityId: input.messageId,
        after: audited,
      },
      input.now,
    );
    return summary;
  });
}
