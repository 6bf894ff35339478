import { sql } from 'kysely';
import type { Actor } from '../../audit/audit-log.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kernel/clock.ts';
import { bankMessageBytesMax } from '../../kernel/limits.ts';
import { type IngestSummary, ingestStatementFile } from '../ingest/ingest-statement.ts';
import { spoolMessage } from '../ingest/spool-message.ts';
import type { BankAdapter } from './bank-adapter.ts';

/**
 * One poll of a poll-based bank: fetches the messages since the stored cursor, ingests each (the duplicate rule
 * makes a repeated poll harmless), and only then stores the new cursor, so a crash re-polls rather than skips.
 */
export async function pollBankAdapter(
  db: Db,
  adapter: BankAdapter,
  input: { readonly clock: Clock; readonly actor: Actor },
): Promise<IngestSummary[]> {
  if (!adapter.pollStatements) return [];
  const key = `bank_adapter_cursor:${adapter.name}`;
  const stored = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const cursor = (stored?.value as { cursor?: string } | undefined)?.cursor ?? null;
  const polled = await adapter.pollStatements(cursor);
  const bank =
    adapter.bankCodes.length === 1
      ? await db.selectFrom('banks').select('id').where('code', '=', adapter.bankCodes[0]!).executeTakeFirst()
      : undefined;
  const summaries: IngestSummary[] = [];
  for (const message of polled.messages) {
    const spooled = await spoolMessage([message.body], { bytesMax: bankMessageBytesMax });
    if (spooled.kind !== 'spooled') continue;
    try {
      summaries.push(
        await ingestStatementFile(db, spooled.message.path, {
          channel: 'adapter',
          bankId: bank?.id ?? null,
          actor: input.actor,
          now: () => input.clock.now(),
          name: message.name,
          sha256: spooled.message.sha256,
          byteCount: spooled.message.byteCount,
          fileBytesMax: bankMessageBytesMax,
        }),
      );
    } finally {
      await spooled.message.remove();
    }
  }
  await sql`
    insert into settings (key, value, updated_at) values (${key}, ${JSON.stringify({ cursor: polled.cursor })}::jsonb, now())
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`.execute(db);
  return summaries;
}
