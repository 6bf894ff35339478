import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allRoles, type Caller } from '../auth/caller.ts';
import { type Db, readerOf } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import { ErrorResponse, IdParams, IdText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { type CivilDate, daysBetween, parseCivilDate } from '../kernel/civil-date.ts';
import { maskPhone, parseBusinessNumber, parseKoreanMobile } from '../kernel/identifiers.ts';
import { pageSizeDefault } from '../kernel/limits.ts';
import { parseWonText } from '../kernel/money.ts';
import { smsConfigFromEnv } from '../outbox/sms-config.ts';
import { type CheckedAttachment, checkAttachment } from './attachment.ts';
import { importCounts, listCounts } from './count-import.store.ts';
import {
  CountImportOut,
  CountImportRefusal,
  CountImportRequest,
  ExportQuery,
  OutsideReportRequest,
  PublicStatisticsQuery,
  ReportDetailOut,
  ReportListQuery,
  ReportOut,
  ReportResult,
  ResolveRequest,
  ReviewRequest,
  StatisticsOut,
  StatisticsQuery,
  StoredCountOut,
  SubmitReportRequest,
} from './report.schemas.ts';
import {
  asOfficial,
  asReporter,
  type IntakeResult,
  listReports,
  type Moment,
  type OutsideResult,
  type ReportDetail,
  type ReportRecord,
  readAttachment,
  readReport,
  recordOutsideReport,
  type SmsSettings,
  type StepResult,
  submitReport,
  takeReportStep,
} from './report.store.ts';
import { reportReference } from './report.ts';
import { lastTwelveMonths } from './report-figures.ts';
import { reportRateContractsMin, reportRequestBytesMax, reportStatisticsDaysMax } from './report-limits.ts';
import { hadoSawSentence } from './report-messages.ts';
import { readReportStatistics } from './report-statistics.store.ts';
import { statisticsCsv, statisticsXlsx } from './statistics-export.ts';

/**
 * Every refusal of the reports API with its HTTP status and message (ko/en), complete over the named results
 * of the domain actions by construction.
 */
const reportRefusals = {
  not_party_to_contract: { status: 403, ko: '이 계약의 당사자가 아닙니다', en: 'You are not a party to this contract' },
  site_not_found: {
    status: 422,
    ko: '이 현장명과 일치하는 본인의 계약이 없습니다',
    en: 'None of your contracts matches this site',
  },
  site_ambiguous: {
    status: 422,
    ko: '여러 계약이 일치합니다. 계약을 선택해 주세요',
    en: 'Several of your contracts match this site; choose the contract',
  },
  contact_phone_required: {
    status: 422,
    ko: '처리 결과를 알려 드릴 휴대전화 번호가 필요합니다',
    en: 'A mobile number is needed to tell you of each step',
  },
  rate_limited: {
    status: 429,
    ko: '하루에 할 수 있는 신고 수를 넘었습니다. 내일 다시 시도하세요',
    en: 'Too many reports from this phone today; try again tomorrow',
  },
  open_report_exists: {
    status: 409,
    ko: '같은 내용으로 처리 중인 신고가 이미 있습니다',
    en: 'You already have an open report about this payment',
  },
  owed_since_in_future: { status: 422, ko: '미지급 시작일이 미래입니다', en: 'The owed-since date is in the future' },
  attachment_not_base64: {
    status: 422,
    ko: '첨부파일 인코딩이 올바르지 않습니다',
    en: 'The attachment is not valid base64',
  },
  attachment_empty: { status: 422, ko: '첨부파일이 비어 있습니다', en: 'The attachment is empty' },
  attachment_too_large: {
    status: 413,
    ko: '첨부파일이 너무 큽니다(최대 2MB)',
    en: 'The attachment is too large (2 MB at most)',
  },
  attachment_type_refused: {
    status: 415,
    ko: 'PDF, JPEG, PNG 파일만 첨부할 수 있습니다',
    en: 'Only PDF, JPEG and PNG files may be attached',
  },
  unknown_buyer: { status: 422, ko: '등록되지 않은 발주기관입니다', en: 'Unknown buyer' },
  unknown_contract: { status: 422, ko: '등록되지 않은 계약입니다', en: 'Unknown contract' },
  unknown_firm: { status: 422, ko: '등록되지 않은 업체입니다', en: 'Unknown firm' },
  contract_or_reference_required: {
    status: 422,
    ko: '계약 또는 계약명(현장)을 적어 주세요',
    en: 'Name the contract in Hado or give a reference for one outside it',
  },
  received_in_future: { status: 422, ko: '접수일이 미래입니다', en: 'The date received is in the future' },
  owed_since_after_receipt: {
    status: 422,
    ko: '미지급 시작일이 접수일보다 늦습니다',
    en: 'The owed-since date is after the date received',
  },
  not_found: { status: 404, ko: '찾을 수 없습니다', en: 'Not found' },
  already_resolved: { status: 409, ko: '이미 처리가 끝난 신고입니다', en: 'The report is already resolved' },
  conflict: {
    status: 409,
    ko: '이미 다른 결과로 처리된 신고입니다',
    en: 'The report was already resolved differently',
  },
  referred_to_required: {
    status: 422,
    ko: '이관한 기관을 적어 주세요',
    en: 'Say which body the report was referred to',
  },
  import_invalid: {
    status: 422,
    ko: '파일에 오류가 있어 아무것도 저장하지 않았습니다',
    en: 'The file has errors; nothing was written',
  },
  invalid_period: { status: 422, ko: '기간이 올바르지 않습니다', en: 'The period is not valid' },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;

type ReportRefusalCode = keyof typeof reportRefusals;

// Compile-time completeness: every refusal a domain action can return has an entry above.
type Refused<R extends { result: string }> = Exclude<R['result'], 'created' | 'exists' | 'applied'>;
export const reportRefusalsComplete: Record<
  Refused<IntakeResult> | Refused<OutsideResult> | Refused<StepResult>,
  true
> = {
  not_party_to_contract: true,
  site_not_found: true,
  site_ambiguous: true,
  contact_phone_required: true,
  rate_limited: true,
  open_report_exists: true,
  owed_since_in_future: true,
  unknown_buyer: true,
  unknown_contract: true,
  unknown_firm: true,
  contract_or_reference_required: true,
  received_in_future: true,
  owed_since_after_receipt: true,
  not_found: true,
  already_resolved: true,
  conflict: true,
} satisfies Record<string, true> & Partial<Record<ReportRefusalCode, true>>;

function sendRefusal(reply: FastifyReply, request: FastifyRequest, code: ReportRefusalCode, field?: string) {
  const refusal = reportRefusals[code];
  return reply
    .status(refusal.status)
    .send({ error: { code, message: refusal[request.locale], ...(field ? { field } : {}) } });
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());
const idOrNull = (id: bigint | null) => (id === null ? null : String(id));

function reportOut(record: ReportRecord, locale: 'ko' | 'en') {
  return {
    id: String(record.id),
    reference: reportReference(record.id),
    buyerId: String(record.buyerId),
    agencyName: record.agencyName,
    contractId: idOrNull(record.contractId),
    contractNumber: record.contractNumber,
    contractReference: record.contractReference,
    channel: record.channel,
    kind: record.kind,
    reporterKind: record.reporterKind,
    reporterName: record.reporterName,
    phoneMasked: record.phone === null ? null : maskPhone(record.phone),
    owedWon: record.owedWon === null ? null : String(record.owedWon),
    owedSince: record.owedSince,
    description: record.description,
    state: record.state,
    outcome: record.outcome,
    referredTo: record.referredTo,
    receivedAt: record.receivedAt.toISOString(),
    receivedOn: record.receivedOn,
    reviewedAt: iso(record.reviewedAt),
    resolvedAt: iso(record.resolvedAt),
    resolvedOn: record.resolvedOn,
    assignedTo: record.assignedTo,
    overdueSince: record.overdueSince,
    flaggedBefore: record.flaggedBefore,
    hadoSaw: hadoSawSentence(record.overdueSince as CivilDate | null, locale),
  };
}

function detailOut(detail: ReportDetail, locale: 'ko' | 'en') {
  return {
    ...reportOut(detail, locale),
    matches: detail.matches.map((match) => ({
      obligationId: idOrNull(match.obligationId),
      findingId: idOrNull(match.findingId),
      dueOn: match.dueOn,
      outstandingWon: match.outstandingWon === null ? null : String(match.outstandingWon),
      findingKind: match.findingKind,
      findingRaisedAt: iso(match.findingRaisedAt),
    })),
    transitions: detail.transitions.map((transition) => ({ ...transition, at: transition.at.toISOString() })),
    attachments: detail.attachments.map((attachment) => ({ ...attachment, id: String(attachment.id) })),
  };
}

const readRoles = ['admin', 'auditor', 'official', 'subcontractor', 'supplier', 'worker'] as const;
const statisticsRoles = ['admin', 'auditor', 'official'] as const;
const officialRoles = ['admin', 'official'] as const;

/** How often one address may ask for the public statistics: enough for people, not for a scraper loop. */
export const publicReportStatisticsRequestsPerMinuteMax = 60;

/**
 * Non-payment reports and the impact statistics (issue 10; docs/REPORTS.md). Reporters see their own reports,
 * officials their buyer's, admins and auditors all; the prime never sees who reported it. The public sees
 * aggregates only.
 */
export const reportRoutes: RouteModule = (app, context) => {
  const db: Db = context.handle.db;
  // Aggregates may lag a moment: a read replica serves them when there is one.
  const reader = readerOf(context.handle);
  let sms: SmsSettings | undefined;
  const moment = (): Moment => {
    sms ??= (({ sender, quietHours }) => ({ sender, quietHours }))(smsConfigFromEnv());
    return { now: context.clock.now(), sms };
  };

  const detailReply = async (
    reply: FastifyReply,
    request: FastifyRequest,
    result: 'created' | 'exists' | 'applied',
    reportId: bigint,
  ) => {
    const detail = await readReport(db, request.caller, reportId);
    if (!detail) return refuse('not_found');
    return reply.status(result === 'created' ? 201 : 200).send({ result, record: detailOut(detail, request.locale) });
  };

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: reportRequestBytesMax,
      config: { access: { roles: ['subcontractor', 'supplier', 'worker'] } },
      schema: {
        tags: ['reports'],
        summary: 'Report a non-payment or late payment on one of your contracts',
        body: SubmitReportRequest,
        response: {
          200: ReportResult,
          201: ReportResult,
          403: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const caller = asReporter(request.caller) ?? refuse('forbidden');
      const body = request.body;
      if ((body.contractId === undefined) === (body.site === undefined)) {
        return refuse('invalid_request', 'contractId', 'name either the contract or the site, not both');
      }
      const owedWon = parseWonText(body.owedWon);
      if (owedWon === undefined || owedWon <= 0n) return refuse('invalid_amount', 'owedWon');
      const owedSince = parseCivilDate(body.owedSince) ?? refuse('invalid_date', 'owedSince');
      const phone =
        body.phone === undefined ? null : (parseKoreanMobile(body.phone) ?? refuse('invalid_phone', 'phone'));
      const attachments: CheckedAttachment[] = [];
      for (const [index, input] of (body.attachments ?? []).entries()) {
        const checked = checkAttachment(input);
        if (checked.result !== 'accepted') return sendRefusal(reply, request, checked.result, `attachments.${index}`);
        attachments.push(checked.attachment);
      }
      const outcome = await submitReport(
        db,
        caller,
        {
          contractId: body.contractId === undefined ? undefined : BigInt(body.contractId),
          site: body.site,
          kind: body.kind,
          owedWon,
          owedSince,
          description: body.description?.normalize('NFC') ?? null,
          phone,
          attachments,
        },
        moment(),
      );
      if (outcome.result === 'created' || outcome.result === 'exists') {
        return detailReply(reply, request, outcome.result, outcome.reportId);
      }
      const field = {
        not_party_to_contract: 'contractId',
        site_not_found: 'site',
        site_ambiguous: 'site',
        contact_phone_required: 'phone',
        owed_since_in_future: 'owedSince',
      } as Partial<Record<string, string>>;
      return sendRefusal(reply, request, outcome.result, field[outcome.result]);
    },
  );

  app.post(
    '/api/v1/reports/outside',
    {
      config: { access: { roles: officialRoles } },
      schema: {
        tags: ['reports'],
        summary: 'Record a report received by phone, letter, visit or e-mail',
        body: OutsideReportRequest,
        response: { 201: ReportResult, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const caller = asOfficial(request.caller) ?? refuse('forbidden');
      const body = request.body;
      const receivedOn = parseCivilDate(body.receivedOn) ?? refuse('invalid_date', 'receivedOn');
      const owedSince =
        body.owedSince === undefined ? null : (parseCivilDate(body.owedSince) ?? refuse('invalid_date', 'owedSince'));
      const owedWon = body.owedWon === undefined ? null : parseWonText(body.owedWon);
      if (owedWon === undefined || owedWon === 0n) return refuse('invalid_amount', 'owedWon');
      const phone =
        body.phone === undefined ? null : (parseKoreanMobile(body.phone) ?? refuse('invalid_phone', 'phone'));
      const businessNumber =
        body.reporterBusinessNumber === undefined
          ? null
          : (parseBusinessNumber(body.reporterBusinessNumber) ??
            refuse('invalid_business_number', 'reporterBusinessNumber'));
      if (caller.role === 'admin' && body.buyerId === undefined && body.contractId === undefined) {
        return sendRefusal(reply, request, 'unknown_buyer', 'buyerId');
      }
      const outcome = await recordOutsideReport(
        db,
        caller,
        {
          buyerId: body.buyerId === undefined ? null : BigInt(body.buyerId),
          channel: body.channel,
          receivedOn,
          kind: body.kind,
          reporterKind: body.reporterKind,
          contractId: body.contractId === undefined ? null : BigInt(body.contractId),
          contractReference: body.contractReference ?? null,
          reporterBusinessNumber: businessNumber,
          reporterName: body.reporterName ?? null,
          phone,
          locale: body.locale ?? 'ko',
          owedWon,
          owedSince,
          description: body.description?.normalize('NFC') ?? null,
        },
        moment(),
      );
      if (outcome.result === 'created') return detailReply(reply, request, 'created', outcome.reportId);
      const field = {
        unknown_buyer: 'buyerId',
        unknown_contract: 'contractId',
        unknown_firm: 'reporterBusinessNumber',
        contract_or_reference_required: 'contractId',
        received_in_future: 'receivedOn',
        owed_since_after_receipt: 'owedSince',
      } as const;
      return sendRefusal(reply, request, outcome.result, field[outcome.result]);
    },
  );

  app.get(
    '/api/v1/reports',
    {
      config: { access: { roles: readRoles } },
      schema: {
        tags: ['reports'],
        querystring: ReportListQuery,
        response: { 200: Type.Object({ items: Type.Array(ReportOut), nextAfter: Type.Union([IdText, Type.Null()]) }) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? pageSizeDefault;
      const { records, more } = await listReports(db, request.caller, {
        state: request.query.state,
        after: request.query.after === undefined ? undefined : BigInt(request.query.after),
        limit,
      });
      return {
        items: records.map((record) => reportOut(record, request.locale)),
        nextAfter: more ? String(records[records.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/reports/:id',
    {
      config: { access: { roles: readRoles } },
      schema: { tags: ['reports'], params: IdParams, response: { 200: ReportDetailOut, 404: ErrorResponse } },
    },
    async (request) => {
      const detail = await readReport(db, request.caller, BigInt(request.params.id));
      if (!detail) return refuse('not_found');
      return detailOut(detail, request.locale);
    },
  );

  app.get(
    '/api/v1/reports/:id/attachments/:attachmentId',
    {
      config: { access: { roles: readRoles } },
      schema: {
        tags: ['reports'],
        params: Type.Object({ id: IdText, attachmentId: IdText }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const attachment = await readAttachment(
        db,
        request.caller,
        BigInt(request.params.id),
        BigInt(request.params.attachmentId),
      );
      if (!attachment) return refuse('not_found');
      return reply
        .type(attachment.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(attachment.content));
    },
  );

  for (const step of ['review', 'resolve'] as const) {
    app.post(
      `/api/v1/reports/:id/${step}`,
      {
        config: { access: { roles: officialRoles } },
        schema: {
          tags: ['reports'],
          summary:
            step === 'review'
              ? 'Take a report under review'
              : 'Resolve a report: paid, direct payment decided, or referred',
          params: IdParams,
          body: step === 'review' ? ReviewRequest : ResolveRequest,
          response: { 200: ReportResult, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const caller = asOfficial(request.caller) ?? refuse('forbidden');
        const body = request.body as {
          reason?: string;
          outcome?: 'paid' | 'direct_payment' | 'referred';
          referredTo?: string;
        };
        if (step === 'resolve' && (body.outcome === 'referred') !== (body.referredTo !== undefined)) {
          return sendRefusal(reply, request, 'referred_to_required', 'referredTo');
        }
        const outcome = await takeReportStep(
          db,
          caller,
          BigInt(request.params.id),
          step === 'review'
            ? { to: 'under_review', reason: body.reason ?? null }
            : { to: 'resolved', outcome: body.outcome!, referredTo: body.referredTo ?? null, reason: body.reason! },
          moment(),
        );
        if (outcome.result === 'applied' || outcome.result === 'exists') {
          return detailReply(reply, request, outcome.result, outcome.reportId);
        }
        return sendRefusal(reply, request, outcome.result);
      },
    );
  }

  // Outside counts ------------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/report-counts/import',
    {
      bodyLimit: 5 * 1024 * 1024,
      config: { access: { roles: officialRoles } },
      schema: {
        tags: ['reports'],
        summary: 'Import monthly report counts for contracts outside Hado (CSV; dry run lists every error by row)',
        body: CountImportRequest,
        response: { 200: CountImportOut, 201: CountImportOut, 422: CountImportRefusal },
      },
    },
    async (request, reply) => {
      const caller = asOfficial(request.caller) ?? refuse('forbidden');
      const result = await importCounts(db, caller, request.body.csv, {
        dryRun: request.body.dryRun ?? false,
        replace: request.body.replace ?? false,
        now: context.clock.now(),
      });
      if (result.result === 'invalid') {
        const refusal = reportRefusals.import_invalid;
        return reply.status(refusal.status).send({
          error: { code: 'import_invalid', message: `${refusal[request.locale]} (${result.errorCount})` },
          ...result,
          result: 'invalid' as const,
          errors: [...result.errors],
        });
      }
      return reply
        .status(result.result === 'imported' && result.created + result.replaced > 0 ? 201 : 200)
        .send({ ...result, result: result.result === 'checked' ? 'checked' : 'imported', errors: [...result.errors] });
    },
  );

  app.get(
    '/api/v1/report-counts',
    {
      config: { access: { roles: statisticsRoles } },
      schema: {
        tags: ['reports'],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(StoredCountOut) }) },
      },
    },
    async (request) => {
      const rows = await listCounts(db, request.caller, request.query.limit ?? 240);
      return { items: rows.map((row) => ({ ...row, importedAt: row.importedAt.toISOString() })) };
    },
  );

  // Statistics ----------------------------------------------------------------------------------------------------
  const periodOf = (query: { from?: string; to?: string }) => {
    const fallback = lastTwelveMonths(context.clock.today());
    const from = query.from === undefined ? fallback.from : parseCivilDate(query.from);
    const to = query.to === undefined ? fallback.to : parseCivilDate(query.to);
    if (!from) return refuse('invalid_date', 'from');
    if (!to) return refuse('invalid_date', 'to');
    if (to < from) return refuse('invalid_period', 'to');
    if (daysBetween(from, to) >= reportStatisticsDaysMax) return refuse('invalid_period', 'to', 'ten years at most');
    return { from, to };
  };

  /** Officials see their own buyer; admins and auditors any one, or all. */
  const scopeOf = (caller: Caller, buyerId: string | undefined): bigint | null => {
    if (caller.role === 'official') {
      if (buyerId !== undefined && BigInt(buyerId) !== caller.buyerId) return refuse('forbidden', 'buyerId');
      return caller.buyerId;
    }
    return buyerId === undefined ? null : BigInt(buyerId);
  };

  const statisticsFor = async (buyerId: bigint | null, query: { from?: string; to?: string }) => {
    const period = periodOf(query);
    const agency =
      buyerId === null
        ? null
        : await db
            .selectFrom('buyers')
            .select(['id', 'agency_code', 'name', 'name_en', 'uses_hado'])
            .where('id', '=', buyerId)
            .executeTakeFirst();
    if (buyerId !== null && !agency) return refuse('unknown_buyer', 'buyerId');
    const statistics = await readReportStatistics(reader, { buyerId }, period);
    return {
      agency: agency
        ? {
            id: String(agency.id),
            agencyCode: agency.agency_code,
            name: agency.name,
            nameEn: agency.name_en,
            usesHado: agency.uses_hado,
          }
        : null,
      current: statistics.current,
      previous: statistics.previous,
      change: statistics.change,
      monthly: [...statistics.monthly],
      partialMonths: [...statistics.partialMonths],
      rateContractsMin: reportRateContractsMin,
    };
  };

  app.get(
    '/api/v1/report-statistics',
    {
      config: { access: { roles: statisticsRoles } },
      schema: { tags: ['reports'], querystring: StatisticsQuery, response: { 200: StatisticsOut } },
    },
    async (request) => statisticsFor(scopeOf(request.caller, request.query.buyerId), request.query),
  );

  app.get(
    '/api/v1/report-statistics/export',
    {
      config: { access: { roles: statisticsRoles } },
      schema: { tags: ['reports'], summary: 'The statistics as CSV or XLSX', querystring: ExportQuery },
    },
    async (request, reply) => {
      const buyerId = scopeOf(request.caller, request.query.buyerId);
      const period = periodOf(request.query);
      const statistics = await readReportStatistics(reader, { buyerId }, period);
      const name = `hado-report-statistics-${period.from}-${period.to}`;
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(statisticsCsv(statistics, request.locale));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(Buffer.from(await statisticsXlsx(statistics, request.locale)));
    },
  );

  app.get(
    '/api/v1/public/report-statistics',
    {
      config: {
        access: { roles: allRoles },
        rateLimit: { max: publicReportStatisticsRequestsPerMinuteMax, timeWindow: 60_000 },
      },
      schema: {
        tags: ['public'],
        summary: 'Non-payment reports and their change, in aggregate (no personal data)',
        querystring: PublicStatisticsQuery,
        response: { 200: StatisticsOut },
      },
    },
    async (request) => {
      let buyerId: bigint | null = null;
      if (request.query.agencyCode !== undefined) {
        const buyer = await db
          .selectFrom('buyers')
          .select('id')
          .where('agency_code', '=', request.query.agencyCode)
          .executeTakeFirst();
        if (!buyer) return refuse('not_found');
        buyerId = buyer.id;
      }
      return statisticsFor(buyerId, request.query);
    },
  );
};
