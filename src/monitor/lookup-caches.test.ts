// Specifies that what the official's obligation lookups keep in the process never outlives a change made
// elsewhere: a rule version added by SQL, or through another API server on the same PostgreSQL, applies from the
// very next lookup; and a session signed out through one server, or whose user is disabled, is refused by another.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ClaimsFixture, createClaimsFixture } from '../claims/claims.test-fixture.ts';
import { approveClaim, recordBuyerPayment, submitClaim } from '../claims/index.ts';
import { type Handle, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { describeEachEngine, openFreshDatabase } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { ManualClock } from '../kernel/clock.ts';
import { won } from '../kernel/money.ts';

const password = 'lookup-cache-password-1';

// On 10 April 2026 the claim's shares (due 25 March) are 16 days overdue. By hand, at 15.5 % throughout:
// 2,000,000 × 15.5 % × 16 ÷ 365 = ₩13,589 and 1,000,000 × 15.5 % × 16 ÷ 365 = ₩6,794. With a rate of 50 % in force
// from 1 April: 2,000,000 × (15.5 % × 6 + 50 % × 10) ÷ 365 = ₩32,493 and 1,000,000 × the same = ₩16,246.
const interestBefore = ['13589', '6794'];
const interestAfter = ['32493', '16246'];
const newRate = { rule: 'delay_interest_rate_ppm', effectiveFrom: '2026-04-01', value: '500000', source: 'test' };

/** A contract whose claim the buyer paid on 10 March, an official of its buyer, and the clock on 10 April. */
async function overdueWorld(hado: TestApp, db: Handle['db'], clock: ManualClock): Promise<ClaimsFixture> {
  const fixture = await createClaimsFixture(db);
  const created = await hado.admin().post('/api/v1/admin/users', {
    role: 'official',
    buyerId: String(fixture.buyerId),
    login: `cache-official-${fixture.contractId}`,
    password,
    displayName: 'cache official',
  });
  expect(created.statusCode, created.body).toBe(201);
  const { claimId } = await submitClaim(db, fixture.prime, clock, fixture.contractId, {
    periodStart: civilDate('2026-02-01'),
    periodEnd: civilDate('2026-02-28'),
    totalWon: won(3_000_000n),
    lines: [
      { kind: 'subcontract', subcontractId: fixture.subcontractId, amountWon: won(2_000_000n) },
      { kind: 'supply', supplyContractId: fixture.supplyContractId, amountWon: won(1_000_000n) },
    ],
  });
  await approveClaim(db, fixture.official, clock, claimId, undefined);
  clock.set(new Date('2026-03-10T01:00:00Z'));
  await recordBuyerPayment(db, fixture.official, clock, claimId, {
    paidOn: civilDate('2026-03-10'),
    amountWon: won(3_000_000n),
  });
  clock.set(new Date('2026-04-10T01:00:00Z'));
  return fixture;
}

type Session = { cookie: string; csrf: string };

async function signIn(hado: TestApp, fixture: ClaimsFixture): Promise<Session> {
  const response = await hado.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: `cache-official-${fixture.contractId}`, password },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'hado_session')!;
  return { cookie: `hado_session=${cookie.value}`, csrf: response.json().csrfToken };
}

/** The delay interest of the contract's overdue obligations, as the official's lookup gives it, in id order. */
async function lookedUpInterest(hado: TestApp, fixture: ClaimsFixture, session: Session): Promise<string[]> {
  const response = await hado.app.inject({
    method: 'GET',
    url: `/api/v1/monitor/obligations?contractId=${fixture.contractId}&status=overdue`,
    headers: { cookie: session.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.map((item: { delayInterestWon: string }) => item.delayInterestWon);
}

const lookupStatus = async (hado: TestApp, session: Session) =>
  (
    await hado.app.inject({
      method: 'GET',
      url: '/api/v1/monitor/obligations?limit=1',
      headers: { cookie: session.cookie },
    })
  ).statusCode;

describeEachEngine('the rule table kept in the process', ({ handle }) => {
  const clock = new ManualClock(new Date('2026-03-05T01:00:00Z'));
  let hado: TestApp;
  let fixture: ClaimsFixture;
  let session: Session;

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false, clock });
    fixture = await overdueWorld(hado, handle().db, clock);
    session = await signIn(hado, fixture);
  });
  afterAll(() => hado.close());

  test('a rule version added by SQL, not through the API, applies from the next lookup', async () => {
    expect(await lookedUpInterest(hado, fixture, session)).toEqual(interestBefore);
    // The table is cached now; a lookup without a rule change gives the same figures.
    expect(await lookedUpInterest(hado, fixture, session)).toEqual(interestBefore);
    await sql`insert into rule_versions (rule, effective_from, value, source)
      values (${newRate.rule}, ${newRate.effectiveFrom}::date, ${BigInt(newRate.value)}, ${newRate.source})`.execute(
      handle().db,
    );
    expect(await lookedUpInterest(hado, fixture, session)).toEqual(interestAfter);
    // An edited version (never done by Hado, possible by SQL) is noticed too.
    await sql`update rule_versions set value = 155000 where rule = ${newRate.rule} and effective_from = ${newRate.effectiveFrom}::date`.execute(
      handle().db,
    );
    expect(await lookedUpInterest(hado, fixture, session)).toEqual(interestBefore);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two API servers on one PostgreSQL', () => {
  const clock = new ManualClock(new Date('2026-03-05T01:00:00Z'));
  let first: Handle;
  let second: Handle;
  let drop: () => Promise<void>;
  let one: TestApp;
  let other: TestApp;
  let fixture: ClaimsFixture;

  beforeAll(async () => {
    const opened = await openFreshDatabase('postgres');
    first = opened.handle;
    drop = opened.drop;
    await migrate(first);
    // The second server's own pool (its own prepared statements and its own rule-table cache), as another process.
    second = await openDatabase({ engine: 'postgres', url: opened.url!, poolSize: 2 });
    one = await createTestApp(first, { demo: false, clock });
    other = await createTestApp(second, { demo: false, clock });
    fixture = await overdueWorld(one, first.db, clock);
  });
  afterAll(async () => {
    await one?.close();
    await other?.close();
    await second?.close();
    await first?.close();
    await drop?.();
  });

  test("a rule version added through one server applies to the other's next lookup", async () => {
    const session = await signIn(one, fixture);
    expect(await lookedUpInterest(one, fixture, session)).toEqual(interestBefore);
    expect(await lookedUpInterest(other, fixture, session)).toEqual(interestBefore);
    const added = await other.admin().post('/api/v1/rules', newRate);
    expect(added.statusCode, added.body).toBe(201);
    expect(await lookedUpInterest(one, fixture, session)).toEqual(interestAfter);
    expect(await lookedUpInterest(other, fixture, session)).toEqual(interestAfter);
  });

  test('a session signed out through one server is refused by the other', async () => {
    const session = await signIn(one, fixture);
    expect(await lookupStatus(one, session)).toBe(200);
    expect(await lookupStatus(other, session)).toBe(200);
    const out = await other.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: {},
    });
    expect(out.statusCode, out.body).toBeLessThan(300);
    expect(await lookupStatus(one, session)).toBe(401);
    expect(await lookupStatus(other, session)).toBe(401);
  });

  test("a disabled user's session is refused by every server", async () => {
    const session = await signIn(other, fixture);
    expect(await lookupStatus(one, session)).toBe(200);
    expect(await lookupStatus(other, session)).toBe(200);
    await first.db
      .updateTable('users')
      .set({ disabled_at: clock.now() })
      .where('login', '=', `cache-official-${fixture.contractId}`)
      .execute();
    expect(await lookupStatus(one, session)).toBe(401);
    expect(await lookupStatus(other, session)).toBe(401);
  });
});
