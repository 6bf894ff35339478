import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/database.ts';
import { prepared } from '../db/prepared-statements.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams, keysetWindow, Page, pageOf } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { type CivilDate, civilDate, daysBetween, parseCivilDate } from '../kernel/civil-date.ts';
import { pageSizeDefault, pageSizeMax } from '../kernel/limits.ts';
import { notificationSettings } from '../notifications/settings.ts';
import { periodDays, type RuleTable, ruleInForce, ruleTableCacheOf, ruleTableStamp } from '../rules/index.ts';
import { classifyObligation } from './classify-obligation.ts';
import { directPaymentRefusals, type TakeDirectPaymentRefusal, takeDirectPayment } from './execute-direct-payment.ts';
import { ownerOf } from './finding-kinds.ts';
import { changeFindingState, decideSuggestion } from './finding-state.ts';
import { bearsInterest, dailyPaymentsOf, paymentsByDayJson, verdictsFrom } from './interest.ts';
import {
  Counts,
  Decision,
  DecisionAnswer,
  Finding,
  FindingsQuery,
  FindingTransition,
  InterestStatement,
  MonitoredObligation,
  MonitoredObligationsQuery,
  Reason,
  Suggestion,
  SuggestionsQuery,
  signedInRoles,
} from './monitor.schemas.ts';
import { rowVisible } from './monitor-scope.ts';
import { runMonitorPass } from './run-monitor-pass.ts';
import { monitorPolicyFromEnv, openCounts } from './sweep.ts';

const id = (text: string) => BigInt(text);
const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const text = (value: bigint | null) => (value === null ? null : String(value));

/**
 * The monitoring API: findings with filters (and acknowledging or resolving them), obligations as the monitor sees
 * them, interest statements per obligation and per contract, direct-payment suggestions and the official's
 * decision, and the sweep behind `hado monitor run`. Every list is scoped to the caller in SQL.
 */
export const monitorRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const clock = context.clock;

  app.get(
    '/api/v1/findings',
    {
      config: { access: { roles: signedInRoles } },
      schema: { tags: ['monitor'], querystring: FindingsQuery, response: { 200: Page(Finding) } },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('findings as f')
        .selectAll('f')
        .where(rowVisible(request.caller, 'f'))
        .$if(q.kind !== undefined, (b) => b.where('f.kind', '=', q.kind!))
        .$if(q.state !== undefined, (b) => b.where('f.state', '=', q.state!))
        .$if(q.severity !== undefined, (b) => b.where('f.severity', '=', q.severity!))
        .$if(q.contractId !== undefined, (b) => b.where('f.contract_id', '=', id(q.contractId!)))
        .$if(q.obligationId !== undefined, (b) => b.where('f.obligation_id', '=', id(q.obligationId!)))
        .$call(keysetWindow(q, limit, 'f.id'))
        .execute();
      const today = clock.today();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        kind: row.kind,
        severity: row.severity,
        owner: row.owner ?? ownerOf(row.kind),
        state: row.state,
        contractId: text(row.contract_id),
        obligationId: text(row.obligation_id),
        movementId: text(row.movement_id),
        payeeKind: row.payee_kind,
        payeeId: text(row.payee_id),
        amountWon: text(row.amount_won),
        dueOn: row.due_on,
        // An open overdue finding is later every day: its days late are today's, not the day it was raised.
        daysLate:
          row.state !== 'resolved' && (row.kind === 'overdue' || row.kind === 'unpaid_wage') && row.due_on
            ? daysBetween(civilDate(row.due_on), today)
            : row.days_late,
        raisedAt: row.raised_at.toISOString(),
        acknowledgedBy: row.acknowledged_by,
        acknowledgedAt: iso(row.acknowledged_at),
        resolvedBy: row.resolved_by,
        resolvedAt: iso(row.resolved_at),
        resolution: row.resolution,
      }));
    },
  );

  app.get(
    '/api/v1/findings/:id/transitions',
    {
      config: { access: { roles: signedInRoles } },
      schema: {
        tags: ['monitor'],
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(FindingTransition) }) },
      },
    },
    async (request) => {
      const visible = await db
        .selectFrom('findings as f')
        .select('f.id')
        .where('f.id', '=', id(request.params.id))
        .where(rowVisible(request.caller, 'f'))
        .executeTakeFirst();
      if (!visible) return refuse('not_found');
      const rows = await db
        .selectFrom('finding_transitions')
        .selectAll()
        .where('finding_id', '=', visible.id)
        .orderBy('id')
        .execute();
      return {
        items: rows.map((row) => ({
          fromState: row.from_state,
          toState: row.to_state,
          actor: row.actor,
          reason: row.reason,
          at: row.at.toISOString(),
        })),
      };
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    app.post(
      `/api/v1/findings/:id/${action}`,
      {
        config: { access: { roles: ['admin', 'official', 'prime'] } },
        schema: {
          tags: ['monitor'],
          params: IdParams,
          body: Reason,
          response: { 200: Type.Object({ state: Type.String() }) },
        },
      },
      async (request) => {
        const outcome = await changeFindingState(
          db,
          request.caller,
          clock.now(),
          id(request.params.id),
          action,
          request.body.reason,
        );
        if (outcome !== 'changed') return refuse(outcome);
        return { state: action === 'acknowledge' ? 'acknowledged' : 'resolved' };
      },
    );
  }

  app.get(
    '/api/v1/monitor/obligations',
    {
      config: { access: { roles: signedInRoles } },
      schema: {
        tags: ['monitor'],
        summary: 'Obligations as the monitor sees them today, with status, days late and delay interest',
        querystring: MonitoredObligationsQuery,
        response: { 200: Page(MonitoredObligation) },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? pageSizeDefault;
      const today = clock.today();
      const dueFrom =
        q.dueFrom === undefined ? undefined : (parseCivilDate(q.dueFrom) ?? refuse('invalid_date', 'dueFrom'));
      const dueTo = q.dueTo === undefined ? undefined : (parseCivilDate(q.dueTo) ?? refuse('invalid_date', 'dueTo'));
      // One statement: the page of rows, each with its payments, and the rule table's stamp (see `judged`).
      const { rows, rules } = await judged(db, async (rules) => {
        const warningDays = warningDaysOf(rules, today);
        const page = await obligationRows(db, request.caller, {
          ...(q.contractId ? { contractId: id(q.contractId) } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...(dueFrom ? { dueFrom } : {}),
          ...(dueTo ? { dueTo } : {}),
          ...(q.after ? { after: id(q.after) } : {}),
          ...(q.status ? { status: statusCondition(q.status, today, warningDays) } : {}),
          limit,
        });
        return { value: page.rows, stamps: [page.rulesStamp] };
      });
      const warningDays = warningDaysOf(rules, today);
      const verdicts = verdictsFrom(rows.map(interestInput), paymentsOf(rows), today, rules);
      return pageOf(rows, limit, (row) => {
        const status = classifyObligation(
          {
            kind: row.kind as never,
            amountWon: row.amount_won,
            paidWon: row.paid_won,
            paidOn: row.paid_on === null ? null : civilDate(row.paid_on),
            dueOn: civilDate(row.due_on),
          },
          today,
          warningDays,
        );
        const verdict = verdicts.get(row.id)!;
        return {
          id: String(row.id),
          contractId: String(row.contract_id),
          claimId: String(row.claim_id),
          kind: row.kind,
          payeeKind: row.payee_kind,
          payeeId: String(row.payee_id),
          payeeName: row.payee_name,
          amountWon: String(row.amount_won),
          paidWon: String(row.paid_won),
          outstandingWon: String(verdict.outstandingWon),
          dueOn: row.due_on,
          paidOn: row.paid_on,
          status: status.status,
          daysLate: 'daysLate' in status ? status.daysLate : 0,
          delayInterestWon: String(verdict.delayInterestWon),
        };
      });
    },
  );

  app.get(
    '/api/v1/obligations/:id/interest',
    {
      config: { access: { roles: signedInRoles } },
      schema: {
        tags: ['monitor'],
        summary: 'Delay interest statement for one obligation',
        params: IdParams,
        response: { 200: InterestStatement },
      },
    },
    async (request) => {
      const { rows, rules } = await judged(db, async () => {
        const page = await obligationRows(db, request.caller, { id: id(request.params.id), limit: 1 });
        return { value: page.rows, stamps: [page.rulesStamp] };
      });
      if (rows.length === 0) return refuse('not_found');
      return interestStatement(rows, clock.today(), rules);
    },
  );

  app.get(
    '/api/v1/contracts/:id/interest',
    {
      config: { access: { roles: signedInRoles } },
      schema: {
        tags: ['monitor'],
        summary: 'Delay interest statement for every late or overdue interest-bearing obligation of a contract',
        params: IdParams,
        response: { 200: InterestStatement },
      },
    },
    async (request) => {
      const today = clock.today();
      const contractId = id(request.params.id);
      const { rows, rules } = await judged(db, async () => {
        const rows: ObligationRow[] = [];
        const stamps: string[] = [];
        // Page through the contract (a contract has at most a few thousand obligations a year).
        let after: bigint | undefined;
        for (;;) {
          const page = await obligationRows(db, request.caller, {
            contractId,
            late: today,
            limit: pageSizeMax,
            ...(after === undefined ? {} : { after }),
          });
          stamps.push(page.rulesStamp);
          rows.push(...page.rows.slice(0, pageSizeMax));
          if (page.rows.length <= pageSizeMax) break;
          after = page.rows[pageSizeMax - 1]!.id;
        }
        return { value: rows, stamps };
      });
      const statement = interestStatement(rows, today, rules);
      return { ...statement, lines: statement.lines.filter((line) => line.bearsInterest) };
    },
  );

  app.get(
    '/api/v1/direct-payment-suggestions',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'prime'] } },
      schema: { tags: ['monitor'], querystring: SuggestionsQuery, response: { 200: Page(Suggestion) } },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('direct_payment_suggestions as s')
        .selectAll('s')
        .where(contractLevelVisible(request.caller, 's'))
        .$if(q.state !== undefined, (b) => b.where('s.state', '=', q.state!))
        .$if(q.contractId !== undefined, (b) => b.where('s.contract_id', '=', id(q.contractId!)))
        .$call(keysetWindow(q, limit, 's.id'))
        .execute();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        contractId: String(row.contract_id),
        obligationId: String(row.obligation_id),
        findingId: text(row.finding_id),
        outstandingWon: String(row.outstanding_won),
        daysOverdue: row.days_overdue,
        suggestedAt: row.suggested_at.toISOString(),
        state: row.state,
        decidedBy: row.decided_by,
        decidedAt: iso(row.decided_at),
        reason: row.reason,
      }));
    },
  );

  app.post(
    '/api/v1/direct-payment-suggestions/:id/decision',
    {
      config: { access: { roles: ['official', 'admin'] } },
      schema: {
        tags: ['monitor'],
        summary: 'The official takes or declines direct payment by the buyer (Framework Act §35)',
        description:
          "Taking it executes it: a transfer instruction (pain.001) from the buyer's paying account to the payee's " +
          "verified account, the prime's claim reduced by the same amount in the ledger, and messages to the payee, " +
          'the prime and the officials, in one transaction. Declining records only the decision.',
        params: IdParams,
        body: Decision,
        response: { 200: DecisionAnswer },
      },
    },
    async (request, reply) => {
      if (request.body.decision === 'take') {
        const taken = await takeDirectPayment(
          db,
          request.caller,
          clock,
          id(request.params.id),
          request.body.reason,
          notificationSettings(),
        );
        if (taken.result !== 'taken') {
          return sendDirectPaymentRefusal(reply, request.locale, taken.result);
        }
        return {
          state: 'taken',
          directPayment: {
            id: String(taken.directPaymentId),
            obligationId: String(taken.obligationId),
            claimId: String(taken.claimId),
            amountWon: String(taken.amountWon),
            claimReducedByWon: String(taken.amountWon),
            endToEndId: taken.endToEndId,
            messages: taken.messages,
          },
        };
      }
      const outcome = await decideSuggestion(
        db,
        request.caller,
        clock.now(),
        id(request.params.id),
        request.body.decision,
        request.body.reason,
      );
      if (outcome !== 'decided') return refuse(outcome);
      return { state: 'declined' };
    },
  );

  app.post(
    '/api/v1/admin/monitor/sweep',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin'],
        summary: 'One pass of the monitor (sweep, overdue-loan notices) with the server clock; open findings by kind',
        response: { 200: Type.Object({ counts: Counts }) },
      },
    },
    async () => {
      // The same pass the server's runner makes: the sweep, then overdue-loan notices.
      await runMonitorPass(db, {
        now: clock.now(),
        today: clock.today(),
        settings: notificationSettings(),
        policy: monitorPolicyFromEnv(),
      });
      return { counts: await openCounts(db) };
    },
  );
};

/** A direct payment's refusal in the API's one error shape (its codes are the direct payment's own). */
function sendDirectPaymentRefusal(reply: FastifyReply, locale: 'ko' | 'en', code: TakeDirectPaymentRefusal) {
  const refusal = directPaymentRefusals[code];
  return reply.status(refusal.status).send({ error: { code, message: refusal[locale] } });
}

/** Suggestions are for the contract's parties who decide or answer for them: the buyer's officials and the prime. */
function contractLevelVisible(caller: Caller, alias: string): RawBuilder<boolean> {
  const contract = sql.ref(`${alias}.contract_id`);
  if (caller.role === 'admin' || caller.role === 'auditor') return sql<boolean>`true`;
  if (caller.role === 'official') {
    return sql<boolean>`exists (select 1 from contracts c where c.id = ${contract} and c.buyer_id = ${caller.buyerId})`;
  }
  if (caller.role === 'prime') {
    return sql<boolean>`exists (select 1 from contracts c where c.id = ${contract} and c.prime_firm_id = ${caller.firmId})`;
  }
  return sql<boolean>`false`;
}

type ObligationRow = {
  id: bigint;
  contract_id: bigint;
  claim_id: bigint;
  kind: string;
  due_basis: string;
  status: 'held' | 'open';
  payee_kind: 'firm' | 'worker';
  payee_id: bigint;
  payee_name: string | null;
  amount_won: bigint;
  paid_won: bigint;
  due_on: string;
  paid_on: string | null;
  /** `paymentsByDayJson` of the row. */
  payments: unknown;
};

/** A status as a condition on the row (the same boundaries as `classifyObligation`). */
function statusCondition(status: string, today: CivilDate, warningDays: number): RawBuilder<boolean> {
  switch (status) {
    case 'paid_on_time':
      return sql<boolean>`o.paid_on is not null and o.paid_on <= o.due_on`;
    case 'paid_late':
      return sql<boolean>`o.paid_on > o.due_on`;
    case 'overdue':
      return sql<boolean>`o.paid_on is null and o.due_on < ${today}::date`;
    case 'due_today':
      return sql<boolean>`o.paid_on is null and o.due_on = ${today}::date`;
    case 'upcoming':
      return sql<boolean>`o.paid_on is null and o.due_on > ${today}::date and o.due_on <= ${today}::date + ${warningDays}::int`;
    default:
      return sql<boolean>`o.paid_on is null and o.due_on > ${today}::date + ${warningDays}::int`;
  }
}

/**
 * A page of the obligations the caller may see (scoped in SQL), each with its payments by day from the ledger, and
 * the rule table's stamp, in one statement: what a lookup needs, in one round trip. The stamp comes back even
 * when no row does, so `judged` can always tell whether the rules it judged with were current.
 */
async function obligationRows(
  db: Executor,
  caller: Caller,
  filter: {
    id?: bigint;
    contractId?: bigint;
    kind?: string;
    dueFrom?: CivilDate;
    dueTo?: CivilDate;
    status?: RawBuilder<boolean>;
    /** Late or overdue on this day. */
    late?: CivilDate;
    after?: bigint;
    limit: number;
  },
): Promise<{ rows: ObligationRow[]; rulesStamp: string }> {
  const { rows } = await sql<
    (ObligationRow | { [key in keyof ObligationRow]: null }) & { rules_stamp: string }
  >`${prepared}
    with page as (
      select o.id, o.contract_id, o.claim_id, o.kind, o.due_basis, o.status, o.payee_kind, o.payee_id,
        coalesce(f.name, w.name) as payee_name, o.amount_won, o.paid_won, o.due_on, o.paid_on
      from obligations o
      left join firms f on o.payee_kind = 'firm' and f.id = o.payee_id
      left join workers w on o.payee_kind = 'worker' and w.id = o.payee_id
      where ${rowVisible(caller, 'o')}
        ${filter.id === undefined ? sql`` : sql`and o.id = ${filter.id}`}
        ${filter.contractId === undefined ? sql`` : sql`and o.contract_id = ${filter.contractId}`}
        ${filter.kind === undefined ? sql`` : sql`and o.kind = ${filter.kind}`}
        ${filter.dueFrom === undefined ? sql`` : sql`and o.due_on >= ${filter.dueFrom}::date`}
        ${filter.dueTo === undefined ? sql`` : sql`and o.due_on <= ${filter.dueTo}::date`}
        ${filter.status === undefined ? sql`` : sql`and ${filter.status}`}
        ${filter.late === undefined ? sql`` : sql`and (o.paid_on > o.due_on or (o.paid_on is null and o.due_on < ${filter.late}::date))`}
        ${filter.after === undefined ? sql`` : sql`and o.id > ${filter.after}`}
      order by o.id
      limit ${filter.limit + 1}
    )
    select s.rules_stamp, p.*, ${paymentsByDayJson(sql.ref('p.id'))} as payments
    from (select ${ruleTableStamp} as rules_stamp) s
    left join page p on true
    order by p.id`.execute(db);
  return {
    rows: rows.filter((row): row is ObligationRow & { rules_stamp: string } => row.id !== null),
    rulesStamp: rows[0]!.rules_stamp,
  };
}

/** Most rule changes a lookup rides out before giving up (each one is an operator adding a version). */
const ruleTableAttemptsMax = 3;

/**
 * Runs a lookup with the process's cached rule table and returns its value with that table, once the statements'
 * rule-table stamps confirm the table was current when they ran; otherwise the table is reloaded and the lookup
 * runs again. A rule version added by any process (or by SQL) before a lookup's statement is therefore applied.
 */
async function judged<T>(
  db: Executor,
  lookup: (rules: RuleTable) => Promise<{ value: T; stamps: readonly string[] }>,
): Promise<{ rows: T; rules: RuleTable }> {
  const cache = ruleTableCacheOf(db);
  for (let attempt = 1; ; attempt += 1) {
    const used = await cache.current();
    const { value, stamps } = await lookup(used.table);
    if (stamps.every((stamp) => cache.confirm(used, stamp))) return { rows: value, rules: used.table };
    if (attempt >= ruleTableAttemptsMax) throw new Error(`the rule table changed during ${attempt} lookups in a row`);
  }
}

/** The deadline warning period in force on `today`, in days (none without a version). */
function warningDaysOf(rules: RuleTable, today: CivilDate): number {
  const warningRule = ruleInForce(rules, 'deadline_warning_days', today);
  return warningRule ? periodDays(warningRule) : 0;
}

const paymentsOf = (rows: readonly ObligationRow[]) =>
  new Map(rows.map((row) => [row.id, dailyPaymentsOf(row.payments)]));

const interestInput = (row: ObligationRow) => ({
  id: row.id,
  kind: row.kind,
  dueBasis: row.due_basis,
  amountWon: row.amount_won,
  dueOn: row.due_on,
  status: row.status,
});

/**
 * An interest statement: each obligation's days late and delay interest on `asOf`, the rates applied (from the
 * dated rule table) and the rounding rule, with the total. Interest is computed by `judgeObligation`.
 */
function interestStatement(rows: readonly ObligationRow[], asOf: CivilDate, rules: RuleTable) {
  const verdicts = verdictsFrom(rows.map(interestInput), paymentsOf(rows), asOf, rules);
  let total = 0n;
  const lines = rows.map((row) => {
    const verdict = verdicts.get(row.id)!;
    total += verdict.delayInterestWon;
    return {
      obligationId: String(row.id),
      kind: row.kind,
      payeeKind: row.payee_kind,
      payeeId: String(row.payee_id),
      payeeName: row.payee_name,
      amountWon: String(row.amount_won),
      paidWon: String(row.paid_won),
      outstandingWon: String(verdict.outstandingWon),
      dueOn: row.due_on,
      paidOn: row.paid_on,
      judgement: verdict.judgement,
      daysLate: verdict.daysLate,
      bearsInterest: bearsInterest({ kind: row.kind, dueBasis: row.due_basis }),
      delayInterestWon: String(verdict.delayInterestWon),
    };
  });
  return {
    asOf,
    rule:
      'floor(Σ over each day late of the amount outstanding that day × the annual rate in force that day ÷ 365), in won; ' +
      'days from the day after the due date through the day of payment (or today)',
    rates: (rules.versions.get('delay_interest_rate_ppm') ?? []).map((version) => ({
      effectiveFrom: version.effectiveFrom,
      ratePpm: String(version.value),
      source: version.source,
    })),
    lines,
    totalInterestWon: String(total),
  };
}
