import { Type } from '@sinclair/typebox';
import { refuse } from '../http/refusals.ts';
import { IdParams, IdText, Page, pageOf } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { maskPhone } from '../kernel/identifiers.ts';
import { pageSizeDefault, pageSizeMax } from '../kernel/limits.ts';
import { signedInRoles } from '../monitor/monitor.schemas.ts';
import { rowVisible } from '../monitor/monitor-scope.ts';

const states = ['pending', 'sending', 'sent', 'delivered', 'undeliverable', 'failed'] as const;

const MessagesQuery = Type.Object(
  {
    contractId: Type.Optional(IdText),
    state: Type.Optional(Type.Union(states.map((state) => Type.Literal(state)))),
    kind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
    after: Type.Optional(IdText),
  },
  { additionalProperties: false },
);

const Message = Type.Object({
  id: IdText,
  kind: Type.String(),
  contractId: Type.Union([IdText, Type.Null()]),
  recipientKind: Type.String(),
  recipientId: Type.Union([IdText, Type.Null()]),
  phoneMasked: Type.String(),
  locale: Type.String(),
  sender: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  urgent: Type.Boolean(),
  state: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  repeatSuspected: Type.Boolean(),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
});

const Attempt = Type.Object({
  attempt: Type.Integer(),
  worker: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

/** What a secret message (a sign-in code) shows in the log instead of its text. */
export const secretBodyShown = '(인증번호 — 내용 비공개 / sign-in code, not shown)';

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/**
 * The message log (`GET /api/v1/messages`): every SMS Hado sent or will send, scoped like findings (officials their
 * buyer's contracts, the prime its contracts, a payee its own messages), phones masked, sign-in codes never shown.
 * With the console transport this is where the demo's messages can be read.
 */
export const messagesRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const visible = (caller: Parameters<typeof rowVisible>[0]) =>
    rowVisible(caller, 'm', { payeeKind: 'recipient_kind', payeeId: 'recipient_id' });

  const out = (row: {
    id: bigint;
    kind: string;
    contract_id: bigint | null;
    recipient_kind: string;
    recipient_id: bigint | null;
    phone_e164: string;
    locale: string;
    sender: string;
    subject: string | null;
    body: string;
    secret: boolean;
    urgent: boolean;
    state: string;
    attempts: number;
    next_attempt_at: Date;
    last_error: string | null;
    repeat_suspected: boolean;
    created_at: Date;
    sent_at: Date | null;
    delivered_at: Date | null;
  }) => ({
    id: String(row.id),
    kind: row.kind,
    contractId: row.contract_id === null ? null : String(row.contract_id),
    recipientKind: row.recipient_kind,
    recipientId: row.recipient_id === null ? null : String(row.recipient_id),
    phoneMasked: maskPhone(row.phone_e164),
    locale: row.locale,
    sender: row.sender,
    subject: row.subject,
    body: row.secret ? secretBodyShown : row.body,
    urgent: row.urgent,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' || row.state === 'sending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    repeatSuspected: row.repeat_suspected,
    createdAt: row.created_at.toISOString(),
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
  });

  app.get(
    '/api/v1/messages',
    {
      config: { access: { roles: signedInRoles } },
      schema: { tags: ['messages'], querystring: MessagesQuery, response: { 200: Page(Message) } },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? pageSizeDefault;
      // Newest first: the log is read from the top.
      const rows = await db
        .selectFrom('outbox_messages as m')
        .selectAll('m')
        .where(visible(request.caller))
        .$if(q.contractId !== undefined, (b) => b.where('m.contract_id', '=', BigInt(q.contractId!)))
        .$if(q.state !== undefined, (b) => b.where('m.state', '=', q.state!))
        .$if(q.kind !== undefined, (b) => b.where('m.kind', '=', q.kind!))
        .$if(q.after !== undefined, (b) => b.where('m.id', '<', BigInt(q.after!)))
        .orderBy('m.id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows, limit, out);
    },
  );

  app.get(
    '/api/v1/messages/:id',
    {
      config: { access: { roles: signedInRoles } },
      schema: {
        tags: ['messages'],
        params: IdParams,
        response: { 200: Type.Object({ message: Message, attempts: Type.Array(Attempt) }) },
      },
    },
    async (request) => {
      const row = await db
        .selectFrom('outbox_messages as m')
        .selectAll('m')
        .where('m.id', '=', BigInt(request.params.id))
        .where(visible(request.caller))
        .executeTakeFirst();
      if (!row) return refuse('not_found');
      const attempts = await db
        .selectFrom('outbox_attempts')
        .selectAll()
        .where('message_id', '=', row.id)
        .orderBy('attempt')
        .execute();
      return {
        message: out(row),
        attempts: attempts.map((attempt) => ({
          attempt: attempt.attempt,
          worker: attempt.worker,
          startedAt: attempt.started_at.toISOString(),
          finishedAt: iso(attempt.finished_at),
          outcome: attempt.outcome,
          error: attempt.error,
        })),
      };
    },
  );
};
