import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { realTimeOf } from '../http/app-context.ts';
import { refuse } from '../http/refusals.ts';
import { CivilDateText, IdText, Page, pageOf, WonText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { civilDate } from '../kernel/civil-date.ts';
import { parseKoreanMobile } from '../kernel/identifiers.ts';
import { pageSizeDefault, pageSizeMax, workerOtpRequestsPerAddressMax, workerSessionMs } from '../kernel/limits.ts';
import { classifyObligation } from '../monitor/classify-obligation.ts';
import { notificationSettings } from '../notifications/settings.ts';
import { loadRuleTable, periodDays, ruleInForce } from '../rules/index.ts';
import { requestWorkerOtp, verifyWorkerOtp } from './worker-otp.store.ts';
import { endWorkerSession, workerSessionCookieName } from './worker-sessions.ts';

const PhoneBody = Type.Object({ phone: Type.String({ minLength: 9, maxLength: 20 }) }, { additionalProperties: false });
const SessionBody = Type.Object(
  { phone: Type.String({ minLength: 9, maxLength: 20 }), code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);

const Wage = Type.Object({
  obligationId: IdText,
  contractId: IdText,
  contractTitle: Type.String(),
  employer: Type.String(),
  periodStart: CivilDateText,
  periodEnd: CivilDateText,
  daysWorked: Type.Union([Type.Integer(), Type.Null()]),
  dailyWageWon: Type.Union([WonText, Type.Null()]),
  amountWon: WonText,
  paidWon: WonText,
  dueOn: CivilDateText,
  paidOn: Type.Union([CivilDateText, Type.Null()]),
  status: Type.String(),
  daysLate: Type.Integer(),
});

/** Generic on purpose: the same words whether or not the phone belongs to a registered worker. */
const acceptedMessage = {
  ko: '등록된 번호라면 인증번호가 문자로 발송됩니다',
  en: 'If this number is registered, a code is on its way by SMS',
};

/**
 * The worker self-check (DESIGN §1): a worker with no account proves a phone number with a one-time code sent by
 * SMS and then sees only their own wages and payments. Codes are rate-limited per phone and per address, expire,
 * and too many wrong ones lock the phone for a while.
 */
export const workerRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const clock = context.clock;

  app.post(
    '/api/v1/worker/otp',
    {
      config: {
        access: { roles: ['public'] },
        rateLimit: { max: workerOtpRequestsPerAddressMax, timeWindow: 60_000 },
      },
      schema: {
        tags: ['worker'],
        summary: 'Ask for a one-time code by SMS (the answer is the same for any phone)',
        body: PhoneBody,
        response: { 202: Type.Object({ result: Type.Literal('accepted'), message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const phone = parseKoreanMobile(request.body.phone) ?? refuse('invalid_phone', 'phone');
      const result = await requestWorkerOtp(db, {
        phone,
        ip: request.ip,
        // Codes and worker sessions expire in real time, whatever the demo clock says.
        now: realTimeOf(context).now(),
        settings: notificationSettings(),
      });
      if (result === 'rate_limited') return refuse('rate_limited');
      return reply.status(202).send({ result: 'accepted', message: acceptedMessage[request.locale] });
    },
  );

  app.post(
    '/api/v1/worker/session',
    {
      config: { access: { roles: ['public'] }, rateLimit: { max: workerOtpRequestsPerAddressMax, timeWindow: 60_000 } },
      schema: {
        tags: ['worker'],
        summary: 'Exchange the phone and its code for a worker session',
        body: SessionBody,
        response: { 200: Type.Object({ workerId: IdText, csrfToken: Type.String(), expiresAt: Type.String() }) },
      },
    },
    async (request, reply) => {
      const phone = parseKoreanMobile(request.body.phone) ?? refuse('invalid_phone', 'phone');
      const outcome = await verifyWorkerOtp(db, { phone, code: request.body.code, now: realTimeOf(context).now() });
      if (outcome.result === 'locked') return refuse('otp_locked');
      if (outcome.result === 'invalid') return refuse('otp_invalid', 'code');
      reply.setCookie(workerSessionCookieName, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        maxAge: Math.floor(workerSessionMs / 1000),
      });
      return {
        workerId: String(outcome.workerId),
        csrfToken: outcome.csrfToken,
        expiresAt: outcome.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/worker/logout',
    { config: { access: { roles: ['worker'] } }, schema: { tags: ['worker'] } },
    async (request, reply) => {
      const token = request.cookies[workerSessionCookieName];
      if (token) await endWorkerSession(db, token);
      reply.clearCookie(workerSessionCookieName, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/worker/wages',
    {
      config: { access: { roles: ['worker'] } },
      schema: {
        tags: ['worker'],
        summary: "The signed-in worker's own wage obligations and what was paid",
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
            after: Type.Optional(IdText),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Wage) },
      },
    },
    async (request) => {
      const caller = request.caller;
      if (caller.role !== 'worker') return refuse('forbidden');
      const limit = request.query.limit ?? pageSizeDefault;
      const after = request.query.after === undefined ? 0n : BigInt(request.query.after);
      const { rows } = await sql<{
        id: bigint;
        contract_id: bigint;
        title: string;
        employer: string;
        period_start: string;
        period_end: string;
        days_worked: number | null;
        daily_wage_won: bigint | null;
        amount_won: bigint;
        paid_won: bigint;
        due_on: string;
        paid_on: string | null;
      }>`
        select o.id, o.contract_id, k.title, e.name as employer, c.period_start, c.period_end, l.days_worked,
          l.daily_wage_won, o.amount_won, o.paid_won, o.due_on, o.paid_on
        from obligations o
        join claims c on c.id = o.claim_id
        join claim_lines l on l.id = o.claim_line_id
        join contracts k on k.id = o.contract_id
        join firms e on e.id = l.employer_firm_id
        where o.payee_kind = 'worker' and o.payee_id = ${caller.workerId} and o.kind = 'labour' and o.id > ${after}
        order by o.id
        limit ${limit + 1}`.execute(db);
      const today = clock.today();
      const rules = await loadRuleTable(db);
      const warning = ruleInForce(rules, 'deadline_warning_days', today);
      return pageOf(rows, limit, (row) => {
        const status = classifyObligation(
          {
            kind: 'labour',
            amountWon: row.amount_won,
            paidWon: row.paid_won,
            paidOn: row.paid_on === null ? null : civilDate(row.paid_on),
            dueOn: civilDate(row.due_on),
          },
          today,
          warning ? periodDays(warning) : 0,
        );
        return {
          obligationId: String(row.id),
          contractId: String(row.contract_id),
          contractTitle: row.title,
          employer: row.employer,
          periodStart: row.period_start,
          periodEnd: row.period_end,
          daysWorked: row.days_worked,
          dailyWageWon: row.daily_wage_won === null ? null : String(row.daily_wage_won),
          amountWon: String(row.amount_won),
          paidWon: String(row.paid_won),
          dueOn: row.due_on,
          paidOn: row.paid_on,
          status: status.status,
          daysLate: 'daysLate' in status ? status.daysLate : 0,
        };
      });
    },
  );
};
