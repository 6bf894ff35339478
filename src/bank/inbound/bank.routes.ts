import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ExpressionBuilder, sql } from 'kysely';
import { auditedWrite } from '../../audit/audited-write.ts';
import type { Caller } from '../../auth/caller.ts';
import type { Database } from '../../db/schema.ts';
import { type AppContext, realTimeOf } from '../../http/app-context.ts';
import { refuse } from '../../http/refusals.ts';
import { BankCode, IdParams, IdText, keysetWindow, Page, pageOf } from '../../http/schemas.ts';
import type { App, RouteModule } from '../../http/server.ts';
import {
  bankMessageBytesMax,
  bankSignatureSkewMsMax,
  pageSizeDefault,
  pageSizeMax,
  statementFileBytesMax,
  textLengthMax,
} from '../../kernel/limits.ts';
import { configFromEnv } from '../../runtime/config.ts';
import { type IngestSummary, ingestStatementFile } from '../ingest/ingest-statement.ts';
import { spoolMessage } from '../ingest/spool-message.ts';
import { StatementError } from '../readers/index.ts';
import {
  httpStatusByResolveExceptionResult,
  LedgerRefusedError,
  type ResolveExceptionResult,
  resolveException,
} from '../reconcile/resolve-exception.ts';
import { type BankKeyMaster, createBankApiKey, findBankKey, loadBankKeyMaster } from './bank-keys.ts';
import { readSignatureHeaders, signaturePrefix, signaturesEqual } from './signature.ts';

/**
 * Refusals of the bank channel, each with its status and message: a closed set, mapped here once. They leave
 * in the API's one error shape.
 */
export const bankRefusals = {
  signature_missing: { status: 401, ko: '서명 헤더가 없습니다', en: 'The signature headers are missing' },
  signature_malformed: { status: 401, ko: '서명 헤더 형식이 틀립니다', en: 'The signature headers are malformed' },
  signature_expired: {
    status: 401,
    ko: '서명 시각이 허용 범위를 벗어났습니다',
    en: 'The signature timestamp is outside the allowed window',
  },
  unknown_key: { status: 401, ko: '알 수 없는 API 키입니다', en: 'Unknown or revoked API key' },
  signature_invalid: { status: 401, ko: '서명이 일치하지 않습니다', en: 'The signature does not match the body' },
  signature_replayed: { status: 401, ko: '이미 사용된 서명입니다', en: 'This signature was already used' },
  body_too_large: { status: 413, ko: '전문이 너무 큽니다', en: 'The message is too large' },
  bad_statement: { status: 422, ko: '전문을 읽을 수 없습니다', en: 'The message cannot be read' },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;
export type BankRefusal = keyof typeof bankRefusals;

function sendBankRefusal(reply: FastifyReply, request: FastifyRequest, code: BankRefusal, detail?: string) {
  const text = bankRefusals[code][request.locale];
  return reply
    .status(bankRefusals[code].status)
    .send({ error: { code, message: detail ? `${text}: ${detail}` : text } });
}

/** The key master of this process: one per data directory (or HADO_BANK_KEY_SECRET), loaded once. */
const mastersByContext = new WeakMap<AppContext, BankKeyMaster>();
export function bankKeyMasterOf(context: AppContext): BankKeyMaster {
  let master = mastersByContext.get(context);
  if (!master) {
    master = loadBankKeyMaster({ dataDir: configFromEnv().dataDir });
    mastersByContext.set(context, master);
  }
  return master;
}

/** Message bodies are read as they arrive (spooled to disk with their hash), never parsed by Fastify. */
const rawContentTypes = ['application/xml', 'text/xml', 'application/octet-stream', 'text/plain'];

const IngestSummaryShape = Type.Object({
  result: Type.Union([Type.Literal('ingested'), Type.Literal('exists'), Type.Literal('refused')]),
  messageId: IdText,
  sha256: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  movements: Type.Integer(),
  new: Type.Integer(),
  duplicate: Type.Integer(),
  conflicting: Type.Integer(),
  matched: Type.Integer(),
  unmatched: Type.Integer(),
  returned: Type.Integer(),
  diverted: Type.Integer(),
  exceptions: Type.Integer(),
  findings: Type.Integer(),
  statuses: Type.Integer(),
  identifiedByContent: Type.Integer(),
  refusal: Type.Union([Type.String(), Type.Null()]),
  warnings: Type.Array(Type.String()),
});

const statusOfSummary = (summary: IngestSummary) => (summary.result === 'ingested' ? 201 : 200);

/**
 * The bank channel (DESIGN §2 step 5): banks post camt/pain.002/MT940 messages signed with their key; the admin
 * API takes statement files for `hado statement ingest` run beside a server; officials and banks work the
 * exception queue; banks' keys are issued here.
 */
export const bankRoutes: RouteModule = async (root, context) => {
  const db = context.handle.db;
  const now = () => context.clock.now();

  await root.register(async (scope) => {
    const app = scope as unknown as App;
    app.addContentTypeParser(rawContentTypes, (_request, payload, done) => done(null, payload));

    app.post(
      '/api/v1/bank/messages',
      {
        config: { access: { roles: ['bank'] }, bankSignature: true },
        schema: {
          tags: ['bank'],
          summary: 'A bank posts a camt.052/053/054, pain.002 or MT940/942 message, signed with its API key',
          description:
            'Headers: x-hado-key-id, x-hado-timestamp (Unix seconds), x-hado-signature = hex HMAC-SHA256(secret, ' +
            `timestamp + "." + body). The timestamp must be within ${bankSignatureSkewMsMax / 1000} s of the server's ` +
            'clock and a signature is accepted once. The same message again answers 200 with result "exists".',
          response: { 200: IngestSummaryShape, 201: IngestSummaryShape },
        },
      },
      async (request, reply) => {
        // Signatures are checked in real time: a bank signs by its own clock, whatever the demo clock says.
        const read = readSignatureHeaders(request.headers, realTimeOf(context).now());
        if (read.kind !== 'ok') return sendBankRefusal(reply, request, read.kind);
        const master = bankKeyMasterOf(context);
        const key = await findBankKey(db, master, read.headers.keyId);
        if (!key) return sendBankRefusal(reply, request, 'unknown_key');
        const declared = Number(request.headers['content-length'] ?? '0');
        if (declared > bankMessageBytesMax) return sendBankRefusal(reply, request, 'body_too_large');
        const spooled = await spoolMessage(request.body as IncomingMessage, {
          bytesMax: bankMessageBytesMax,
          hmacKey: Buffer.from(key.secret, 'utf8'),
          hmacPrefix: signaturePrefix(read.headers.timestamp),
        });
        if (spooled.kind === 'too_large') return sendBankRefusal(reply, request, 'body_too_large');
        const message = spooled.message;
        try {
          if (!signaturesEqual(message.hmac!, read.headers.signature)) {
            return sendBankRefusal(reply, request, 'signature_invalid');
          }
          const fresh = await db
            .insertInto('bank_request_signatures')
            .values({
              signature: read.headers.signature,
              key_id: key.keyId,
              signed_at: read.signedAt,
              seen_at: realTimeOf(context).now(),
            })
            .onConflict((conflict) => conflict.column('signature').doNothing())
            .returning('signature')
            .executeTakeFirst();
          if (!fresh) return sendBankRefusal(reply, request, 'signature_replayed');
          // Signatures older than the window can never be replayed (their timestamp is refused): forget them.
          await db
            .deleteFrom('bank_request_signatures')
            .where('seen_at', '<', new Date(realTimeOf(context).now().getTime() - 2 * bankSignatureSkewMsMax))
            .execute();
          const caller: Caller = { role: 'bank', userId: 0n, bankId: key.bankId, label: `bank-key:${key.keyId}` };
          request.caller = caller;
          const summary = await ingestStatementFile(db, message.path, {
            channel: 'api',
            bankId: key.bankId,
            actor: caller,
            now,
            name:
              typeof request.headers['x-hado-file-name'] === 'string' ? request.headers['x-hado-file-name'] : 'message',
            sha256: message.sha256,
            byteCount: message.byteCount,
            fileBytesMax: bankMessageBytesMax,
          });
          if (summary.refusal !== null) return sendBankRefusal(reply, request, 'bad_statement', summary.refusal);
          return reply.status(statusOfSummary(summary)).send({ ...summary, warnings: [...summary.warnings] });
        } catch (error) {
          if (error instanceof StatementError) return sendBankRefusal(reply, request, 'bad_statement', error.message);
          throw error;
        } finally {
          await message.remove();
        }
      },
    );

    app.post(
      '/api/v1/admin/bank/statements',
      {
        config: { access: { roles: ['admin'] } },
        schema: {
          tags: ['admin'],
          summary: 'Ingest a statement file (what `hado statement ingest` does through a running server)',
          querystring: Type.Object(
            {
              name: Type.Optional(Type.String({ maxLength: 255 })),
              bankCode: Type.Optional(BankCode),
            },
            { additionalProperties: false },
          ),
          response: { 200: IngestSummaryShape, 201: IngestSummaryShape },
        },
      },
      async (request, reply) => {
        const query = request.query as { name?: string; bankCode?: string };
        // Only the raw content types reach this route as a stream; anything Fastify parsed (JSON) is not a file.
        if (!(request.body instanceof Readable))
          return refuse('unsupported_media_type', undefined, rawContentTypes.join(', '));
        const declared = Number(request.headers['content-length'] ?? '0');
        if (declared > statementFileBytesMax) return sendBankRefusal(reply, request, 'body_too_large');
        const bank = query.bankCode
          ? await db.selectFrom('banks').select('id').where('code', '=', query.bankCode).executeTakeFirst()
          : undefined;
        if (query.bankCode && !bank) refuse('unknown_bank', 'bankCode');
        const spooled = await spoolMessage(request.body as IncomingMessage, { bytesMax: statementFileBytesMax });
        if (spooled.kind === 'too_large') return sendBankRefusal(reply, request, 'body_too_large');
        const message = spooled.message;
        try {
          const summary = await ingestStatementFile(db, message.path, {
            channel: 'cli',
            bankId: bank?.id ?? null,
            actor: request.caller,
            now,
            name: query.name ?? 'statement',
            sha256: message.sha256,
            byteCount: message.byteCount,
            fileBytesMax: statementFileBytesMax,
          });
          return reply.status(statusOfSummary(summary)).send({ ...summary, warnings: [...summary.warnings] });
        } catch (error) {
          if (error instanceof StatementError) return sendBankRefusal(reply, request, 'bad_statement', error.message);
          throw error;
        } finally {
          await message.remove();
        }
      },
    );
  });

  root.post(
    '/api/v1/admin/bank-keys',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin'],
        summary: "Issue an API key for a bank's signed channel; the secret is shown once",
        body: Type.Object({ bankCode: BankCode }, { additionalProperties: false }),
        response: { 201: Type.Object({ keyId: Type.String(), secret: Type.String(), bankCode: BankCode }) },
      },
    },
    async (request, reply) => {
      const master = bankKeyMasterOf(context);
      const created = await auditedWrite(db, request.caller, now(), async (tx) => {
        const outcome = await createBankApiKey(tx, {
          bankCode: request.body.bankCode,
          master,
          actor: request.caller,
          now: now(),
        });
        return { outcome, audit: outcome.result === 'created' ? outcome.audit : [] };
      });
      if (created.result === 'unknown_bank') return refuse('unknown_bank', 'bankCode');
      if (created.result !== 'created') return refuse('conflict', 'bankCode', 'too many active keys');
      return reply.status(201).send({ keyId: created.keyId, secret: created.secret, bankCode: request.body.bankCode });
    },
  );

  const Exception = Type.Object({
    id: IdText,
    kind: Type.String(),
    state: Type.String(),
    contractId: Type.Union([IdText, Type.Null()]),
    raisedAt: Type.String(),
    movement: Type.Object({
      id: IdText,
      account: Type.String(),
      direction: Type.String(),
      currency: Type.String(),
      amount: Type.Union([Type.String(), Type.Null()]),
      bookedOn: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      endToEndId: Type.Union([Type.String(), Type.Null()]),
      counterpartyName: Type.Union([Type.String(), Type.Null()]),
      counterpartyAccount: Type.Union([Type.String(), Type.Null()]),
      remittance: Type.Union([Type.String(), Type.Null()]),
    }),
    decision: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
  });

  root.get(
    '/api/v1/bank/exceptions',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'bank'] } },
      schema: {
        tags: ['bank'],
        summary: 'The exception queue: movements waiting for a person to match or dismiss them',
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
            after: Type.Optional(IdText),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Exception) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('bank_exceptions as e')
        .innerJoin('bank_movements as m', 'm.id', 'e.movement_id')
        .select([
          'e.id',
          'e.kind',
          'e.state',
          'e.contract_id',
          'e.raised_at',
          'e.decision',
          'e.note',
          'm.id as movement_id',
          'm.account',
          'm.direction',
          'm.currency',
          'm.amount_text',
          'm.booked_on',
          'm.status',
          'm.end_to_end_id',
          'm.counterparty_name',
          'm.counterparty_account',
          'm.remittance_text',
        ])
        .where(exceptionVisible(request.caller))
        .where('e.state', '=', request.query.state ?? 'open')
        .$call(keysetWindow(request.query, limit, 'e.id'))
        .execute();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        kind: row.kind,
        state: row.state,
        contractId: row.contract_id === null ? null : String(row.contract_id),
        raisedAt: row.raised_at.toISOString(),
        movement: {
          id: String(row.movement_id),
          account: row.account,
          direction: row.direction,
          currency: row.currency,
          amount: row.amount_text,
          bookedOn: row.booked_on,
          status: row.status,
          endToEndId: row.end_to_end_id,
          counterpartyName: row.counterparty_name,
          counterpartyAccount: row.counterparty_account,
          remittance: row.remittance_text,
        },
        decision: row.decision,
        note: row.note,
      }));
    },
  );

  root.post(
    '/api/v1/bank/exceptions/:id/resolve',
    {
      config: { access: { roles: ['admin', 'official', 'bank'] } },
      schema: {
        tags: ['bank'],
        summary: 'Decide a queued movement: it pays an obligation, or it is dismissed with a reason',
        params: IdParams,
        body: Type.Union([
          Type.Object(
            {
              decision: Type.Literal('match'),
              obligationId: IdText,
              note: Type.Optional(Type.String({ maxLength: textLengthMax })),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            { decision: Type.Literal('dismiss'), note: Type.String({ minLength: 1, maxLength: textLengthMax }) },
            { additionalProperties: false },
          ),
        ]),
        response: { 200: Type.Object({ result: Type.Literal('resolved') }) },
      },
    },
    async (request, reply) => {
      const exceptionId = BigInt(request.params.id);
      const visible = await db
        .selectFrom('bank_exceptions as e')
        .innerJoin('bank_movements as m', 'm.id', 'e.movement_id')
        .select('e.id')
        .where('e.id', '=', exceptionId)
        .where(exceptionVisible(request.caller))
        .executeTakeFirst();
      if (!visible) return refuse('not_found');
      const body = request.body;
      let result: ResolveExceptionResult;
      try {
        result = await auditedWrite(db, request.caller, now(), async (tx) => {
          const outcome = await resolveException(tx, {
            exceptionId,
            decision:
              body.decision === 'match'
                ? {
                    decision: 'match',
                    obligationId: BigInt(body.obligationId),
                    ...(body.note === undefined ? {} : { note: body.note }),
                  }
                : { decision: 'dismiss', note: body.note },
            actor: request.caller,
            now: now(),
          });
          return { outcome: outcome.result, audit: outcome.audit };
        });
      } catch (error) {
        if (!(error instanceof LedgerRefusedError)) throw error;
        result = 'ledger_refused';
      }
      if (result === 'resolved') return reply.status(200).send({ result });
      const status = httpStatusByResolveExceptionResult[result];
      return (reply as FastifyReply)
        .status(status)
        .send({ error: { code: result, message: resolveMessages[result][request.locale] } });
    },
  );

  const Movement = Type.Object({
    id: IdText,
    contractId: Type.Union([IdText, Type.Null()]),
    account: Type.String(),
    direction: Type.String(),
    currency: Type.String(),
    amount: Type.Union([Type.String(), Type.Null()]),
    bookedOn: Type.Union([Type.String(), Type.Null()]),
    valueOn: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    state: Type.String(),
    reversal: Type.Boolean(),
    returned: Type.Boolean(),
    endToEndId: Type.Union([Type.String(), Type.Null()]),
    bankReference: Type.Union([Type.String(), Type.Null()]),
    counterpartyName: Type.Union([Type.String(), Type.Null()]),
    counterpartyAccount: Type.Union([Type.String(), Type.Null()]),
    remittance: Type.Union([Type.String(), Type.Null()]),
    obligationId: Type.Union([IdText, Type.Null()]),
  });

  root.get(
    '/api/v1/bank/movements',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'bank', 'prime'] } },
      schema: {
        tags: ['bank'],
        summary: 'Movements on dedicated accounts as the banks reported them, and what reconciliation made of them',
        querystring: Type.Object(
          {
            contractId: Type.Optional(IdText),
            state: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
            after: Type.Optional(IdText),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Movement) },
      },
    },
    async (request) => {
      const query = request.query;
      const limit = query.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('bank_movements as m')
        .selectAll('m')
        .where(movementVisible(request.caller))
        .$if(query.contractId !== undefined, (q) => q.where('m.contract_id', '=', BigInt(query.contractId!)))
        .$if(query.state !== undefined, (q) => q.where('m.state', '=', query.state as never))
        .$call(keysetWindow(query, limit, 'm.id'))
        .execute();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        contractId: row.contract_id === null ? null : String(row.contract_id),
        account: row.account,
        direction: row.direction,
        currency: row.currency,
        amount: row.amount_text,
        bookedOn: row.booked_on,
        valueOn: row.value_on,
        status: row.status,
        state: row.state,
        reversal: row.reversal,
        returned: row.returned,
        endToEndId: row.end_to_end_id,
        bankReference: row.bank_reference,
        counterpartyName: row.counterparty_name,
        counterpartyAccount: row.counterparty_account,
        remittance: row.remittance_text,
        obligationId: row.obligation_id === null ? null : String(row.obligation_id),
      }));
    },
  );

  const Finding = Type.Object({
    id: IdText,
    kind: Type.String(),
    severity: Type.String(),
    state: Type.String(),
    contractId: Type.Union([IdText, Type.Null()]),
    obligationId: Type.Union([IdText, Type.Null()]),
    movementId: Type.Union([IdText, Type.Null()]),
    amountWon: Type.Union([Type.String(), Type.Null()]),
    raisedAt: Type.String(),
    detail: Type.Unknown(),
  });

  root.get(
    '/api/v1/bank/findings',
    {
      config: { access: { roles: ['admin', 'auditor', 'official', 'bank'] } },
      schema: {
        tags: ['bank'],
        summary: 'Findings reconciliation raised: diverted, returned, overpaid, rejected transfers',
        querystring: Type.Object(
          {
            contractId: Type.Optional(IdText),
            kind: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
            after: Type.Optional(IdText),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Finding) },
      },
    },
    async (request) => {
      const query = request.query;
      const limit = query.limit ?? pageSizeDefault;
      const rows = await db
        .selectFrom('findings as f')
        .selectAll('f')
        .where(findingVisible(request.caller))
        .$if(query.contractId !== undefined, (q) => q.where('f.contract_id', '=', BigInt(query.contractId!)))
        .$if(query.kind !== undefined, (q) => q.where('f.kind', '=', query.kind!))
        .$call(keysetWindow(query, limit, 'f.id'))
        .execute();
      return pageOf(rows, limit, (row) => ({
        id: String(row.id),
        kind: row.kind,
        severity: row.severity,
        state: row.state,
        contractId: row.contract_id === null ? null : String(row.contract_id),
        obligationId: row.obligation_id === null ? null : String(row.obligation_id),
        movementId: row.movement_id === null ? null : String(row.movement_id),
        amountWon: row.amount_won === null ? null : String(row.amount_won),
        raisedAt: row.raised_at.toISOString(),
        detail: row.detail,
      }));
    },
  );
};

const resolveMessages = {
  not_found: { ko: '찾을 수 없습니다', en: 'Not found' },
  already_resolved: { ko: '이미 처리된 건입니다', en: 'This exception was already resolved' },
  not_matchable: {
    ko: '기장된 전용계좌 출금만 채무에 대응시킬 수 있습니다',
    en: 'Only a booked, exact debit on a dedicated account can pay an obligation',
  },
  unknown_obligation: { ko: '이 계약의 채무가 아닙니다', en: 'No such obligation on this contract' },
  ledger_refused: {
    ko: '원장이 이 지급을 받아들이지 않습니다 (전용계좌 잔액 부족)',
    en: 'The ledger refuses this payment (the dedicated account holds less)',
  },
} as const satisfies Record<Exclude<ResolveExceptionResult, 'resolved'>, { ko: string; en: string }>;

/** Contracts of the caller's buyer (officials) or held at the caller's bank (banks). */
function contractOfCaller(caller: Caller, contractColumn: 'm.contract_id' | 'f.contract_id') {
  return (eb: ExpressionBuilder<Database, never>) => {
    if (caller.role === 'official') {
      return eb.exists(
        eb
          .selectFrom('contracts as c')
          .select(sql.lit(1).as('one'))
          .where('c.id', '=', eb.ref(contractColumn as never))
          .where('c.buyer_id', '=', caller.buyerId),
      );
    }
    if (caller.role === 'prime') {
      return eb.exists(
        eb
          .selectFrom('contracts as c')
          .select(sql.lit(1).as('one'))
          .where('c.id', '=', eb.ref(contractColumn as never))
          .where('c.prime_firm_id', '=', caller.firmId),
      );
    }
    return eb.lit(false);
  };
}

function exceptionVisible(caller: Caller) {
  return (
    eb: ExpressionBuilder<Database & { e: Database['bank_exceptions']; m: Database['bank_movements'] }, 'e' | 'm'>,
  ) => {
    if (caller.role === 'admin' || caller.role === 'auditor') return eb.lit(true);
    if (caller.role === 'bank') return bankSees(eb as never, caller.bankId);
    return contractOfCaller(caller, 'm.contract_id')(eb as never);
  };
}

function movementVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database & { m: Database['bank_movements'] }, 'm'>) => {
    if (caller.role === 'admin' || caller.role === 'auditor') return eb.lit(true);
    if (caller.role === 'bank') return bankSees(eb as never, caller.bankId);
    return contractOfCaller(caller, 'm.contract_id')(eb as never);
  };
}

/** A bank sees what it reported and what happens on the dedicated accounts it holds. */
function bankSees(eb: ExpressionBuilder<Database & { m: Database['bank_movements'] }, 'm'>, bankId: bigint) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('bank_messages as b')
        .select(sql.lit(1).as('one'))
        .whereRef('b.id', '=', 'm.message_id')
        .where('b.bank_id', '=', bankId),
    ),
    eb.exists(
      eb
        .selectFrom('dedicated_accounts as d')
        .innerJoin('banks', 'banks.code', 'd.bank_code')
        .select(sql.lit(1).as('one'))
        .whereRef('d.id', '=', 'm.dedicated_account_id')
        .where('banks.id', '=', bankId),
    ),
  ]);
}

function findingVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database & { f: Database['findings'] }, 'f'>) => {
    if (caller.role === 'admin' || caller.role === 'auditor') return eb.lit(true);
    if (caller.role === 'bank') {
      return eb.exists(
        eb
          .selectFrom('dedicated_accounts as d')
          .innerJoin('banks', 'banks.code', 'd.bank_code')
          .select(sql.lit(1).as('one'))
          .whereRef('d.contract_id', '=', 'f.contract_id')
          .where('banks.id', '=', caller.bankId),
      );
    }
    return contractOfCaller(caller, 'f.contract_id')(eb as never);
  };
}
