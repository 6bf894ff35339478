// Specifies the tamper-evident audit log: appends chain by hash, and any edit or deletion breaks the chain
// at the row where it happened.
import { sql } from 'kysely';
import { beforeEach, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { appendAudit, verifyAuditChain } from './audit-log.ts';

describeEachEngine('audit chain', ({ handle }) => {
  beforeEach(async () => {
    const db = handle().db;
    await sql`truncate audit_log restart identity`.execute(db);
    for (let i = 1; i <= 5; i += 1) {
      await db.transaction().execute((tx) =>
        appendAudit(
          tx,
          { label: 'user:official' },
          {
            action: 'thing.changed',
            entity: 'thing',
            entityId: String(i),
            before: { amountWon: BigInt(i) },
            after: { amountWon: BigInt(i * 10) },
          },
          new Date(`2026-03-0${i}T01:02:03.456Z`),
        ),
      );
    }
  });

  test('an untouched chain verifies', async () => {
    expect(await verifyAuditChain(handle().db)).toEqual({ kind: 'intact', rows: 5 });
  });

  test('editing a row directly in the database breaks the chain at that row', async () => {
    await sql`update audit_log set after = '{"amountWon":"999"}' where id = 3`.execute(handle().db);
    expect(await verifyAuditChain(handle().db)).toMatchObject({
      kind: 'broken',
      firstBrokenId: 3n,
      reason: 'the row was changed after it was written',
    });
  });

  test('deleting a row breaks the link of the next one', async () => {
    await sql`delete from audit_log where id = 2`.execute(handle().db);
    expect(await verifyAuditChain(handle().db)).toMatchObject({
      kind: 'broken',
      firstBrokenId: 3n,
      reason: 'the link to the previous row does not match',
    });
  });

  test('rewriting a row and its hash still breaks the next link', async () => {
    const db = handle().db;
    await sql`update audit_log set actor = 'user:someone-else', hash = repeat('a', 64) where id = 4`.execute(db);
    const result = await verifyAuditChain(db);
    expect(result.kind).toBe('broken');
    expect((result as { firstBrokenId: bigint }).firstBrokenId).toBe(4n);
  });
});
