// Specifies crash safety of claim payment (issue 8): a process recording buyers' payments and the divided
// transfers, killed with SIGKILL at random moments and restarted with the same requests, loses nothing it
// acknowledged and books nothing twice: one buyer payment and one recognition per claim, one transfer per
// obligation, every obligation paid exactly, the ledger check clean and the audit chain intact.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { type Handle, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openFreshDatabase, testEngines } from '../db/test-engines.ts';
import { addDays, civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';
import { checkLedger } from '../ledger/index.ts';
import type { ClaimLineInput } from './claim.ts';
import type { CrashPlan } from './claim-payment-crash.child.ts';
import { createClaimsFixture } from './claims.test-fixture.ts';
import { approveClaim } from './decide-claim.ts';
import { submitClaim } from './submit-claim.ts';

const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const childPath = fileURLToPath(new URL('./claim-payment-crash.child.ts', import.meta.url));
const now = '2026-12-31T01:00:00Z';
const today = civilDate('2026-12-31');
/** Claims in the plan: one a month of 2026, each with four payees. */
const claimCount = 12;
/** Runs killed before the one left to finish. */
const killRounds = 5;

/** A small seeded generator, so a failing run can be repeated with the seed it printed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Run = { readonly acknowledged: readonly string[]; readonly finished: boolean; readonly killed: boolean };

/**
 * Runs the child over the plan. With `killAfter`, kills it with SIGKILL once it has acknowledged that many steps
 * and a further random delay has passed, so the kill lands between steps or inside one's transaction.
 */
function runChild(target: string, planFile: string, killAfter?: { steps: number; delayMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [runTs, childPath, target, planFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: string[] = [];
    let finished = false;
    let buffered = '';
    let stderr = '';
    let killScheduled = false;
    const kill = () => {
      if (killScheduled) return;
      killScheduled = true;
      setTimeout(() => child.kill('SIGKILL'), killAfter!.delayMs);
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'done') finished = true;
        else if (line.startsWith('paid ') || line.startsWith('transferred ')) acknowledged.push(line);
        if (killAfter && (line === 'ready' ? killAfter.steps === 0 : acknowledged.length >= killAfter.steps)) kill();
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acknowledged, finished, killed: true });
      else if (code === 0) resolve({ acknowledged, finished, killed: false });
      else reject(new Error(`child exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Four payees a claim: the prime's own share, the subcontract, the supplier and a worker's wages. */
function linesOf(fixture: Awaited<ReturnType<typeof createClaimsFixture>>, month: number) {
  const lines: ClaimLineInput[] = [
    { kind: 'own_share', payeeAccountId: fixture.primeAccountId, amountWon: won(1_000_000n + BigInt(month) * 1_000n) },
    { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n + BigInt(month)) },
    { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(500_000n) },
    { kind: 'labour', workerEngagementId: fixture.engagementIds[1]!, daysWorked: 10 },
  ];
  // The worker's registered daily wage is 250,000 won.
  const total = 1_000_000n + BigInt(month) * 1_000n + 2_000_000n + BigInt(month) + 500_000n + 10n * 250_000n;
  return { lines, total };
}

async function prepare(handle: Handle): Promise<CrashPlan> {
  await migrate(handle);
  const clock = new ManualClock(new Date(now));
  const fixture = await createClaimsFixture(handle.db);
  const claims: { id: string; totalWon: string }[] = [];
  for (let month = 1; month <= claimCount; month += 1) {
    const periodStart = civilDate(`2026-${String(month).padStart(2, '0')}-01`);
    const periodEnd = addDays(
      month === 12 ? civilDate('2027-01-01') : civilDate(`2026-${String(month + 1).padStart(2, '0')}-01`),
      -1,
    );
    const { lines, total } = linesOf(fixture, month);
    const { claimId } = await submitClaim(handle.db, fixture.prime, clock, fixture.contractId, {
      periodStart,
      periodEnd,
      totalWon: won(total),
      lines,
    });
    await approveClaim(handle.db, fixture.official, clock, claimId, undefined);
    claims.push({ id: String(claimId), totalWon: String(total) });
  }
  return { now, paidOn: today, buyerId: String(fixture.buyerId), claims };
}

describe('claim payment killed at random points', () => {
  for (const engine of testEngines()) {
    test(`SIGKILL while paying claims loses nothing acknowledged and books nothing twice [${engine}]`, async () => {
      const seed = Number(process.env.HADO_CRASH_SEED ?? Date.now() % 1_000_000);
      const random = randomFrom(seed);
      const folder = mkdtempSync(join(tmpdir(), 'hado-claim-crash-'));
      const fresh = engine === 'postgres' ? await openFreshDatabase('postgres') : undefined;
      await fresh?.handle.close();
      const target = fresh?.url ?? join(folder, 'pglite');
      const open = () =>
        fresh
          ? openDatabase({ engine: 'postgres', url: fresh.url!, poolSize: 2 })
          : openDatabase({ engine: 'pglite', dataDir: target });
      try {
        const setup = await open();
        const plan = await prepare(setup);
        await setup.close();
        const planFile = join(folder, 'plan.json');
        writeFileSync(planFile, JSON.stringify(plan));

        // Every step the child ever acknowledged, over all its lives.
        const acknowledged = new Set<string>();
        const stepsTotal = claimCount * 2;
        let killed = 0;
        for (let round = 0; round < killRounds; round += 1) {
          const steps = Math.floor(random() * stepsTotal * 0.6);
          const delayMs = Math.floor(random() * 40);
          const run = await runChild(target, planFile, { steps, delayMs });
          for (const line of run.acknowledged) acknowledged.add(line.replace(/ again$/, ''));
          if (run.killed) killed += 1;
          const check = await open();
          try {
            // What the child acknowledged before it died is there.
            const paid = await check.db
              .selectFrom('claims')
              .select('id')
              .where('status', '=', 'paid')
              .where('id', '=', sql<bigint>`any(${plan.claims.map((claim) => BigInt(claim.id))}::bigint[])`)
              .execute();
            const paidIds = new Set(paid.map((row) => String(row.id)));
            for (const step of acknowledged) {
              const [kind, id] = step.split(' ') as [string, string];
              expect(paidIds.has(id), `${step} after round ${round} (seed ${seed})`).toBe(true);
              if (kind === 'transferred') {
                const owed = await check.db
                  .selectFrom('obligations')
                  .select((eb) => eb.fn.countAll<bigint>().as('n'))
                  .where('claim_id', '=', BigInt(id))
                  .whereRef('paid_won', '<>', 'amount_won')
                  .executeTakeFirstOrThrow();
                expect(Number(owed.n), `${step} (seed ${seed})`).toBe(0);
              }
            }
          } finally {
            await check.close();
          }
        }
        expect(killed, `kill rounds that killed a running process (seed ${seed})`).toBeGreaterThan(0);

        // The last life finishes the plan, driving every request again.
        const last = await runChild(target, planFile);
        expect(last.finished).toBe(true);
        for (const line of last.acknowledged) acknowledged.add(line.replace(/ again$/, ''));
        expect(acknowledged.size).toBe(stepsTotal);

        const check = await open();
        try {
          const claimIds = plan.claims.map((claim) => BigInt(claim.id));
          const claims = await check.db
            .selectFrom('claims')
            .select(['id', 'status'])
            .where('id', '=', sql<bigint>`any(${claimIds}::bigint[])`)
            .execute();
          expect(claims.map((claim) => claim.status)).toEqual(claims.map(() => 'paid'));

          // Journal entries per claim: one payment in, one recognition, one transfer per obligation.
          const entries = await check.db
            .selectFrom('journal_entries')
            .select(['claim_id', 'kind', (eb) => eb.fn.countAll<bigint>().as('n')])
            .where('claim_id', '=', sql<bigint>`any(${claimIds}::bigint[])`)
            .groupBy(['claim_id', 'kind'])
            .execute();
          const obligations = await check.db
            .selectFrom('obligations')
            .select(['claim_id', 'amount_won', 'paid_won'])
            .where('claim_id', '=', sql<bigint>`any(${claimIds}::bigint[])`)
            .execute();
          expect(obligations).toHaveLength(claimCount * 4);
          for (const obligation of obligations) expect(obligation.paid_won).toBe(obligation.amount_won);
          for (const claimId of claimIds) {
            const count = (kind: string) =>
              Number(entries.find((entry) => entry.claim_id === claimId && entry.kind === kind)?.n ?? 0);
            expect(
              {
                buyer: count('buyer_payment'),
                recognised: count('obligations_recognised'),
                out: count('transfer_out'),
              },
              `claim ${claimId} (seed ${seed})`,
            ).toEqual({ buyer: 1, recognised: 1, out: 4 });
          }
          expect(entries.some((entry) => entry.kind === 'reversal')).toBe(false);

          // One payment transition and one audit record of each step per claim; the chain verifies.
          const transitions = await check.db
            .selectFrom('claim_transitions')
            .select((eb) => eb.fn.countAll<bigint>().as('n'))
            .where('action', '=', 'record_payment')
            .where('claim_id', '=', sql<bigint>`any(${claimIds}::bigint[])`)
            .executeTakeFirstOrThrow();
          expect(Number(transitions.n)).toBe(claimCount);
          const audits = await check.db
            .selectFrom('audit_log')
            .select([
              'action',
              (eb) => eb.fn.countAll<bigint>().as('n'),
              (eb) => eb.fn.count('entity_id').distinct().as('claims'),
            ])
            .where('action', 'in', ['claim.buyer_paid', 'claim.transfers_recorded'])
            .groupBy('action')
            .orderBy('action')
            .execute();
          expect(audits.map((row) => [row.action, Number(row.n), Number(row.claims)])).toEqual([
            ['claim.buyer_paid', claimCount, claimCount],
            ['claim.transfers_recorded', claimCount, claimCount],
          ]);
          expect((await checkLedger(check.db)).result).toBe('clean');
          expect((await verifyAuditChain(check.db)).kind).toBe('intact');
        } finally {
          await check.close();
        }
      } finally {
        await fresh?.drop();
        rmSync(folder, { recursive: true, force: true });
      }
    }, 300_000);
  }
});
