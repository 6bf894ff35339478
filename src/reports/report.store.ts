import { type ExpressionBuilder, sql } from 'kysely';
import type { AuditEntry } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import { type Caller, seesEverything } from '../auth/caller.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import type { Database, ReportChannel, ReporterKind, ReportKind, ReportOutcome, ReportState } from '../db/schema.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, maxDate, seoulDateOf, seoulMidnight } from '../kernel/civil-date.ts';
import { enqueue, type OutboxMessageInput, type Recipient } from '../outbox/enqueue.ts';
import type { QuietHours } from '../outbox/quiet-hours.ts';
import { contractVisible } from '../registry/scope.ts';
import type { CheckedAttachment } from './attachment.ts';
import {
  decideStep,
  type MatchedFinding,
  type MatchedObligation,
  problemFindingKinds,
  type ReportStep,
  reportContentHash,
  whatHadoSaw,
} from './report.ts';
import { reportMatchesMax, reportRateWindowMs, reportsPerPhonePerDayMax } from './report-limits.ts';
import { type ReportMessage, renderReportMessage } from './report-messages.ts';

/**
 * Reports in the database: intake (in Hado, or recorded by an official), the steps to resolution, and reading
 * them back scoped to the caller. Every change goes through the audited write path, and the SMS it causes is
 * written to the outbox in the same transaction.
 */
export type SmsSettings = { readonly sender: string; readonly quietHours: QuietHours | null };
export type Moment = {
  /** The real instant: the audit log and the outbox are written at it. */
  readonly now: Date;
  /** When the event happened, if earlier (the demo's history); its Seoul date is the report's date. */
  readonly eventAt?: Date;
  readonly sms: SmsSettings;
  /** False: write no SMS (the demo's quiet history). */
  readonly notify?: boolean;
};

const eventAtOf = (moment: Moment): Date => moment.eventAt ?? moment.now;

/** Reports the caller may read: officials their buyer's, reporters their own; admins and auditors all. */
export function reportVisible(caller: Caller) {
  return (eb: ExpressionBuilder<Database, 'reports'>) => {
    if (seesEverything(caller)) return eb.lit(true);
    if (caller.role === 'official') return eb('reports.buyer_id', '=', caller.buyerId);
    if (caller.role === 'subcontractor' || caller.role === 'supplier')
      return eb('reports.reporter_firm_id', '=', caller.firmId);
    if (caller.role === 'worker') return eb('reports.reporter_worker_id', '=', caller.workerId);
    return eb.lit(false);
  };
}

// ---- Intake ----------------------------------------------------------------------------------------------------

/** Who may report through Hado: a subcontractor's or supplier's user, or a worker signed in by phone. */
export type ReporterCaller =
  | {
      readonly role: 'subcontractor' | 'supplier';
      readonly userId: bigint;
      readonly firmId: bigint;
      readonly label: string;
    }
  | Extract<Caller, { role: 'worker' }>;
/** Who decides about reports: the buyer's official, or an administrator. */
export type OfficialCaller =
  | Extract<Caller, { role: 'official' }>
  | { readonly role: 'admin'; readonly userId: bigint; readonly label: string };

export function asReporter(caller: Caller): ReporterCaller | undefined {
  if (caller.role === 'worker') return caller;
  if (caller.role === 'prime' || caller.role === 'subcontractor' || caller.role === 'supplier') {
    const role = caller.role;
    return role === 'prime' ? undefined : { role, userId: caller.userId, firmId: caller.firmId, label: caller.label };
  }
  return undefined;
}

export function asOfficial(caller: Caller): OfficialCaller | undefined {
  if (caller.role === 'official') return caller;
  if (caller.role === 'admin' || caller.role === 'auditor') {
    const role = caller.role;
    return role === 'admin' ? { role, userId: caller.userId, label: caller.label } : undefined;
  }
  return undefined;
}

export type IntakeInput = {
  readonly contractId?: bigint | undefined;
  readonly site?: string | undefined;
  readonly kind: ReportKind;
  readonly owedWon: bigint;
  readonly owedSince: CivilDate;
  readonly description: string | null;
  /** A firm's contact phone for the SMS (the firm's registered one when absent); a worker's is their own. */
  readonly phone: string | null;
  readonly attachments: readonly CheckedAttachment[];
};

export type IntakeResult =
  | { readonly result: 'created' | 'exists'; readonly reportId: bigint }
  | {
      readonly result:
        | 'not_party_to_contract'
        | 'site_not_found'
        | 'site_ambiguous'
        | 'contact_phone_required'
        | 'rate_limited'
        | 'open_report_exists'
        | 'owed_since_in_future';
      readonly reportId?: bigint;
    };

export async function submitReport(
  db: Db,
  caller: ReporterCaller,
  input: IntakeInput,
  moment: Moment,
): Promise<IntakeResult> {
  const receivedAt = eventAtOf(moment);
  const receivedOn = seoulDateOf(receivedAt);
  if (input.owedSince > receivedOn) return { result: 'owed_since_in_future' };
  return auditedWrite<IntakeResult>(db, caller, moment.now, async (tx) => {
    const contracts = await tx
      .selectFrom('contracts')
      .select(['contracts.id', 'contracts.buyer_id', 'contracts.contract_number'])
      .where(contractVisible(caller))
      .$if(input.contractId !== undefined, (q) => q.where('contracts.id', '=', input.contractId!))
      .$if(input.site !== undefined, (q) =>
        q.where((eb) => {
          const needle = input.site!.trim().toLowerCase();
          return eb.or([
            eb(sql`position(${needle} in lower(contracts.site))`, '>', 0),
            eb(sql`position(${needle} in lower(contracts.title))`, '>', 0),
            eb(sql`lower(contracts.contract_number)`, '=', needle),
          ]);
        }),
      )
      .orderBy('contracts.id')
      .limit(2)
      .execute();
    if (contracts.length === 0)
      return refused(input.contractId !== undefined ? 'not_party_to_contract' : 'site_not_found');
    if (contracts.length > 1) return refused('site_ambiguous');
    const contract = contracts[0]!;

    const party =
      caller.role === 'worker'
        ? await tx
            .selectFrom('workers')
            .select(['id', 'phone_e164', 'locale'])
            .where('id', '=', caller.workerId)
            .executeTakeFirstOrThrow()
        : await tx
            .selectFrom('firms')
            .select(['id', 'phone_e164', 'locale'])
            .where('id', '=', caller.firmId)
            .executeTakeFirstOrThrow();
    // A worker's phone is read from the worker at each message (so an erasure reaches it); a firm's is kept.
    const phone = caller.role === 'worker' ? party.phone_e164 : (input.phone ?? party.phone_e164);
    if (!phone) return refused('contact_phone_required');
    const firmId = caller.role === 'worker' ? null : caller.firmId;
    const workerId = caller.role === 'worker' ? caller.workerId : null;

    // Floods: a phone (and a reporter) makes a few reports a day at most. The lock makes the count exact when
    // several requests from one phone arrive at once.
    await sql`select pg_advisory_xact_lock(hashtext(${`report-intake:${phone}`}))`.execute(tx);
    const since = new Date(receivedAt.getTime() - reportRateWindowMs);
    const recent = await tx
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('channel', '=', 'hado')
      .where('received_at', '>', since)
      .where((eb) =>
        eb.or([
          eb('reporter_phone_e164', '=', phone),
          firmId !== null ? eb('reporter_firm_id', '=', firmId) : eb('reporter_worker_id', '=', workerId!),
        ]),
      )
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= reportsPerPhonePerDayMax) return refused('rate_limited');

    const contentHash = reportContentHash({
      kind: input.kind,
      contractId: contract.id,
      owedWon: input.owedWon,
      owedSince: input.owedSince,
      description: input.description,
      attachments: input.attachments.map((attachment) => attachment.sha256),
    });
    const open = await tx
      .selectFrom('reports')
      .select(['id', 'content_hash'])
      .where('contract_id', '=', contract.id)
      .where('kind', '=', input.kind)
      .where('owed_since', '=', input.owedSince)
      .where('state', '<>', 'resolved')
      .where(firmId !== null ? 'reporter_firm_id' : 'reporter_worker_id', '=', firmId ?? workerId!)
      .executeTakeFirst();
    if (open) {
      return {
        outcome: { result: open.content_hash === contentHash ? 'exists' : 'open_report_exists', reportId: open.id },
        audit: [],
      };
    }

    const payee = firmId !== null ? { kind: 'firm' as const, id: firmId } : { kind: 'worker' as const, id: workerId! };
    const created = await insertReport(tx, caller, moment, {
      buyerId: contract.buyer_id,
      contractId: contract.id,
      contractNumber: contract.contract_number,
      contractReference: null,
      channel: 'hado',
      kind: input.kind,
      reporterKind: caller.role,
      reporterFirmId: firmId,
      reporterWorkerId: workerId,
      reporterName: null,
      storedPhone: caller.role === 'worker' ? null : phone,
      recipient: { kind: payee.kind, id: payee.id, phone, locale: party.locale === 'en' ? 'en' : 'ko' },
      locale: party.locale === 'en' ? 'en' : 'ko',
      owedWon: input.owedWon,
      owedSince: input.owedSince,
      description: input.description,
      receivedAt,
      receivedOn,
      payee,
      contentHash,
      attachments: input.attachments,
    });
    return { outcome: { result: 'created', reportId: created.reportId }, audit: created.audit };
  });
}

const refused = <R extends IntakeResult['result'] | OutsideResult['result']>(result: R) => ({
  outcome: { result } as { result: R },
  audit: [] as AuditEntry[],
});

// ---- Reports from outside Hado -------------------------------------------------------------------------------

export type OutsideInput = {
  /** Admins name the agency; an official's is their own. */
  readonly buyerId: bigint | null;
  readonly channel: Exclude<ReportChannel, 'hado'>;
  readonly receivedOn: CivilDate;
  readonly kind: ReportKind;
  readonly reporterKind: ReporterKind;
  readonly contractId: bigint | null;
  readonly contractReference: string | null;
  readonly reporterBusinessNumber: string | null;
  readonly reporterName: string | null;
  readonly phone: string | null;
  readonly locale: 'ko' | 'en';
  readonly owedWon: bigint | null;
  readonly owedSince: CivilDate | null;
  readonly description: string | null;
};

export type OutsideResult =
  | { readonly result: 'created'; readonly reportId: bigint }
  | {
      readonly result:
        | 'unknown_buyer'
        | 'unknown_contract'
        | 'unknown_firm'
        | 'contract_or_reference_required'
        | 'received_in_future'
        | 'owed_since_after_receipt';
    };

export async function recordOutsideReport(
  db: Db,
  caller: OfficialCaller,
  input: OutsideInput,
  moment: Moment,
): Promise<OutsideResult> {
  const today = seoulDateOf(eventAtOf(moment));
  if (input.receivedOn > today) return { result: 'received_in_future' };
  if (input.owedSince !== null && input.owedSince > input.receivedOn) return { result: 'owed_since_after_receipt' };
  if (input.contractId === null && input.contractReference === null)
    return { result: 'contract_or_reference_required' };
  const buyerId = caller.role === 'official' ? caller.buyerId : input.buyerId;
  return auditedWrite<OutsideResult>(db, caller, moment.now, async (tx) => {
    let resolvedBuyerId = buyerId;
    let contractNumber: string | null = null;
    if (input.contractId !== null) {
      const contract = await tx
        .selectFrom('contracts')
        .select(['id', 'buyer_id', 'contract_number'])
        .where('id', '=', input.contractId)
        .where(contractVisible(caller))
        .executeTakeFirst();
      if (!contract || (resolvedBuyerId !== null && contract.buyer_id !== resolvedBuyerId))
        return refused('unknown_contract');
      resolvedBuyerId = contract.buyer_id;
      contractNumber = contract.contract_number;
    }
    if (resolvedBuyerId === null) return refused('unknown_buyer');
    const buyer = await tx.selectFrom('buyers').select('id').where('id', '=', resolvedBuyerId).executeTakeFirst();
    if (!buyer) return refused('unknown_buyer');
    let firmId: bigint | null = null;
    if (input.reporterBusinessNumber !== null) {
      const firm = await tx
        .selectFrom('firms')
        .select('id')
        .where('business_number', '=', input.reporterBusinessNumber)
        .executeTakeFirst();
      if (!firm) return refused('unknown_firm');
      firmId = firm.id;
    }
    // A worker who phoned is recognised by their number when they work on the contract.
    let workerId: bigint | null = null;
    if (firmId === null && input.phone !== null && input.contractId !== null) {
      const worker = await tx
        .selectFrom('workers')
        .innerJoin('worker_engagements', 'worker_engagements.worker_id', 'workers.id')
        .select('workers.id')
        .where('workers.phone_e164', '=', input.phone)
        .where('worker_engagements.contract_id', '=', input.contractId)
        .executeTakeFirst();
      workerId = worker?.id ?? null;
    }
    const receivedAt = input.receivedOn === today ? eventAtOf(moment) : seoulMidnight(input.receivedOn);
    const payee =
      input.contractId === null
        ? null
        : firmId !== null
          ? { kind: 'firm' as const, id: firmId }
          : workerId !== null
            ? { kind: 'worker' as const, id: workerId }
            : null;
    const recipient: Recipient | null =
      input.phone === null
        ? null
        : firmId !== null
          ? { kind: 'firm', id: firmId, phone: input.phone, locale: input.locale }
          : { kind: 'phone', id: null, phone: input.phone, locale: input.locale };
    const created = await insertReport(tx, caller, moment, {
      buyerId: resolvedBuyerId,
      contractId: input.contractId,
      contractNumber,
      contractReference: input.contractReference,
      channel: input.channel,
      kind: input.kind,
      reporterKind: input.reporterKind,
      reporterFirmId: firmId,
      reporterWorkerId: workerId,
      reporterName: input.reporterName,
      storedPhone: input.phone,
      recipient,
      locale: input.locale,
      owedWon: input.owedWon,
      owedSince: input.owedSince,
      description: input.description,
      receivedAt,
      receivedOn: input.receivedOn,
      payee,
      contentHash: reportContentHash({ ...input, recordedBy: caller.label, at: moment.now.toISOString() }),
      attachments: [],
    });
    return { outcome: { result: 'created' as const, reportId: created.reportId }, audit: created.audit };
  });
}

// ---- Writing one report ------------------------------------------------------------------------------------------

type NewReport = {
  readonly buyerId: bigint;
  readonly contractId: bigint | null;
  readonly contractNumber: string | null;
  readonly contractReference: string | null;
  readonly channel: ReportChannel;
  readonly kind: ReportKind;
  readonly reporterKind: ReporterKind;
  readonly reporterFirmId: bigint | null;
  readonly reporterWorkerId: bigint | null;
  readonly reporterName: string | null;
  readonly storedPhone: string | null;
  readonly recipient: Recipient | null;
  readonly locale: 'ko' | 'en';
  readonly owedWon: bigint | null;
  readonly owedSince: CivilDate | null;
  readonly description: string | null;
  readonly receivedAt: Date;
  readonly receivedOn: CivilDate;
  /** Whose obligations to link: the reporter's, when Hado knows them on a contract in Hado. */
  readonly payee: { readonly kind: 'firm' | 'worker'; readonly id: bigint } | null;
  readonly contentHash: string;
  readonly attachments: readonly CheckedAttachment[];
};

async function insertReport(
  tx: Tx,
  caller: Caller,
  moment: Moment,
  report: NewReport,
): Promise<{ reportId: bigint; audit: AuditEntry[] }> {
  const { obligations, findings } =
    report.contractId !== null && report.payee !== null
      ? await matchesOf(tx, report.contractId, report.payee)
      : { obligations: [], findings: [] };
  const saw = whatHadoSaw(obligations, findings, report.receivedAt, report.receivedOn);
  const inserted = await tx
    .insertInto('reports')
    .values({
      buyer_id: report.buyerId,
      contract_id: report.contractId,
      contract_reference: report.contractReference,
      channel: report.channel,
      kind: report.kind,
      reporter_kind: report.reporterKind,
      reporter_firm_id: report.reporterFirmId,
      reporter_worker_id: report.reporterWorkerId,
      reporter_name: report.reporterName,
      reporter_phone_e164: report.storedPhone,
      locale: report.locale,
      owed_won: report.owedWon,
      owed_since: report.owedSince,
      description: report.description,
      received_at: report.receivedAt,
      received_on: report.receivedOn,
      overdue_since: saw.overdueSince,
      flagged_before: saw.flaggedBefore,
      content_hash: report.contentHash,
      recorded_by: caller.label,
      created_at: moment.now,
      updated_at: moment.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reportId = inserted.id;
  const matchRows = [
    ...obligations.map((obligation) => ({
      report_id: reportId,
      contract_id: report.contractId!,
      obligation_id: obligation.obligationId,
      finding_id: null,
      due_on: obligation.dueOn,
      outstanding_won: obligation.outstandingWon,
      finding_kind: null,
      finding_raised_at: null,
    })),
    ...findings.map((finding) => ({
      report_id: reportId,
      contract_id: report.contractId!,
      obligation_id: finding.obligationId,
      finding_id: finding.findingId,
      due_on: null,
      outstanding_won: null,
      finding_kind: finding.kind,
      finding_raised_at: finding.raisedAt,
    })),
  ];
  if (matchRows.length > 0) await tx.insertInto('report_matches').values(matchRows).execute();
  if (report.attachments.length > 0) {
    await tx
      .insertInto('report_attachments')
      .values(
        report.attachments.map((attachment) => ({
          report_id: reportId,
          file_name: attachment.fileName,
          media_type: attachment.mediaType,
          byte_count: attachment.content.byteLength,
          sha256: attachment.sha256,
          content: attachment.content,
          created_at: moment.now,
        })),
      )
      .execute();
  }
  await tx
    .insertInto('report_transitions')
    .values({
      report_id: reportId,
      from_state: null,
      to_state: 'received',
      actor: caller.label,
      reason: null,
      at: report.receivedAt,
    })
    .execute();

  if (moment.notify !== false) {
    const buyer = await tx
      .selectFrom('buyers')
      .select(['name', 'name_en'])
      .where('id', '=', report.buyerId)
      .executeTakeFirstOrThrow();
    const messages: OutboxMessageInput[] = [];
    if (report.recipient) {
      const agency = report.recipient.locale === 'en' ? (buyer.name_en ?? buyer.name) : buyer.name;
      messages.push(
        reportMessage(report.recipient, report.contractId, moment.sms, {
          kind: 'report.received',
          reportId,
          agency,
          overdueSince: saw.overdueSince,
        }),
      );
    }
    // Routed to the buyer's officials: those who gave a phone are told at once.
    const officials = await tx
      .selectFrom('users')
      .select(['id', 'phone_e164', 'locale'])
      .where('role', '=', 'official')
      .where('buyer_id', '=', report.buyerId)
      .where('phone_e164', 'is not', null)
      .where('disabled_at', 'is', null)
      .execute();
    for (const official of officials) {
      messages.push(
        reportMessage(
          {
            kind: 'user',
            id: official.id,
            phone: official.phone_e164!,
            locale: official.locale === 'en' ? 'en' : 'ko',
          },
          report.contractId,
          moment.sms,
          { kind: 'report.routed', reportId, contractNumber: report.contractNumber },
          `:user:${official.id}`,
        ),
      );
    }
    await enqueue(tx, messages, { now: moment.now, quietHours: moment.sms.quietHours });
  }
  return {
    reportId,
    audit: [
      {
        action: 'report.received',
        entity: 'report',
        entityId: reportId,
        contractId: report.contractId,
        after: {
          buyerId: report.buyerId,
          channel: report.channel,
          kind: report.kind,
          reporterKind: report.reporterKind,
          owedWon: report.owedWon,
          owedSince: report.owedSince,
          obligations: obligations.length,
          findings: findings.length,
          overdueSince: saw.overdueSince,
          flaggedBefore: saw.flaggedBefore,
          attachments: report.attachments.map((attachment) => attachment.sha256),
        },
      },
    ],
  };
}

function reportMessage(
  recipient: Recipient,
  contractId: bigint | null,
  sms: SmsSettings,
  message: ReportMessage,
  keySuffix = '',
): OutboxMessageInput {
  const step = message.kind.slice('report.'.length);
  return {
    key: `report:${message.reportId}:${step}${keySuffix}`,
    contractId,
    kind: message.kind,
    recipient,
    sender: sms.sender,
    body: renderReportMessage(message, recipient.locale),
    payload: message,
    urgent: false,
  };
}

/** The payee's obligations on the contract still unpaid or paid late, and the findings about them. */
async function matchesOf(
  tx: Executor,
  contractId: bigint,
  payee: { readonly kind: 'firm' | 'worker'; readonly id: bigint },
): Promise<{ obligations: MatchedObligation[]; findings: MatchedFinding[] }> {
  const obligationRows = await tx
    .selectFrom('obligations')
    .select(['id', 'due_on', 'amount_won', 'paid_won', 'paid_on'])
    .where('contract_id', '=', contractId)
    .where('payee_kind', '=', payee.kind)
    .where('payee_id', '=', payee.id)
    .where((eb) => eb.or([eb('paid_won', '<', eb.ref('amount_won')), eb('paid_on', '>', eb.ref('due_on'))]))
    .orderBy('due_on')
    .orderBy('id')
    .limit(reportMatchesMax)
    .execute();
  const obligations = obligationRows.map((row) => ({
    obligationId: row.id,
    dueOn: row.due_on as CivilDate,
    outstandingWon: row.amount_won - row.paid_won,
    paidOn: row.paid_on as CivilDate | null,
  }));
  const ids = obligations.map((obligation) => obligation.obligationId);
  const findingRows = await tx
    .selectFrom('findings')
    .leftJoin('obligations', 'obligations.id', 'findings.obligation_id')
    .select(['findings.id', 'findings.obligation_id', 'findings.kind', 'findings.raised_at'])
    .where('findings.contract_id', '=', contractId)
    .where('findings.kind', 'in', [...problemFindingKinds])
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb('findings.obligation_id', 'in', ids)] : []),
        eb.and([eb('findings.payee_kind', '=', payee.kind), eb('findings.payee_id', '=', payee.id)]),
        eb.and([eb('obligations.payee_kind', '=', payee.kind), eb('obligations.payee_id', '=', payee.id)]),
      ]),
    )
    .orderBy('findings.id')
    .limit(reportMatchesMax)
    .execute();
  return {
    obligations,
    findings: findingRows.map((row) => ({
      findingId: row.id,
      obligationId: row.obligation_id,
      kind: row.kind,
      raisedAt: row.raised_at,
    })),
  };
}

// ---- Steps to resolution -------------------------------------------------------------------------------------------

export type StepResult =
  | { readonly result: 'applied' | 'exists'; readonly reportId: bigint }
  | { readonly result: 'not_found' | 'already_resolved' | 'conflict' };

export async function takeReportStep(
  db: Db,
  caller: OfficialCaller,
  reportId: bigint,
  step: ReportStep,
  moment: Moment,
): Promise<StepResult> {
  return auditedWrite<StepResult>(db, caller, moment.now, async (tx) => {
    const report = await tx
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', reportId)
      .where(reportVisible(caller))
      .forUpdate()
      .executeTakeFirst();
    if (!report) return { outcome: { result: 'not_found' as const }, audit: [] };
    const last = await tx
      .selectFrom('report_transitions')
      .select('reason')
      .where('report_id', '=', reportId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const decision = decideStep(
      { state: report.state, outcome: report.outcome, referredTo: report.referred_to },
      last?.reason ?? null,
      step,
    );
    if (decision === 'exists') return { outcome: { result: 'exists' as const, reportId }, audit: [] };
    if (decision !== 'apply') return { outcome: { result: decision }, audit: [] };
    const at = eventAtOf(moment);
    const today = seoulDateOf(at);
    const before = { state: report.state, outcome: report.outcome, assignedTo: report.assigned_to };
    const changes =
      step.to === 'under_review'
        ? { state: 'under_review' as ReportState, reviewed_at: at, assigned_to: caller.label, updated_at: moment.now }
        : {
            state: 'resolved' as ReportState,
            outcome: step.outcome,
            referred_to: step.referredTo,
            resolved_at: at,
            // A report backdated by an official may not be resolved before the day it was received.
            resolved_on: maxDate(today, report.received_on as CivilDate),
            assigned_to: report.assigned_to ?? caller.label,
            updated_at: moment.now,
          };
    await tx.updateTable('reports').set(changes).where('id', '=', reportId).execute();
    await tx
      .insertInto('report_transitions')
      .values({
        report_id: reportId,
        from_state: report.state,
        to_state: step.to,
        outcome: step.to === 'resolved' ? step.outcome : null,
        referred_to: step.to === 'resolved' ? step.referredTo : null,
        actor: caller.label,
        reason: step.reason,
        at,
      })
      .execute();
    if (moment.notify !== false) {
      const recipient = await reporterRecipient(tx, report);
      if (recipient) {
        const message: ReportMessage =
          step.to === 'under_review'
            ? { kind: 'report.under_review', reportId }
            : { kind: 'report.resolved', reportId, outcome: step.outcome, referredTo: step.referredTo };
        await enqueue(tx, [reportMessage(recipient, report.contract_id, moment.sms, message)], {
          now: moment.now,
          quietHours: moment.sms.quietHours,
        });
      }
    }
    return {
      outcome: { result: 'applied' as const, reportId },
      audit: [
        {
          action: step.to === 'under_review' ? 'report.under_review' : 'report.resolved',
          entity: 'report',
          entityId: reportId,
          contractId: report.contract_id,
          before,
          after: {
            state: step.to,
            ...(step.to === 'resolved' ? { outcome: step.outcome, referredTo: step.referredTo } : {}),
            reason: step.reason,
          },
        },
      ],
    };
  });
}

/** Who hears of a report's steps: the worker at their current number, the firm's contact, or the phone given. */
async function reporterRecipient(
  tx: Executor,
  report: {
    reporter_worker_id: bigint | null;
    reporter_firm_id: bigint | null;
    reporter_phone_e164: string | null;
    locale: 'ko' | 'en';
  },
): Promise<Recipient | null> {
  if (report.reporter_worker_id !== null && report.reporter_phone_e164 === null) {
    const worker = await tx
      .selectFrom('workers')
      .select(['phone_e164', 'locale'])
      .where('id', '=', report.reporter_worker_id)
      .executeTakeFirstOrThrow();
    if (!worker.phone_e164) return null;
    return {
      kind: 'worker',
      id: report.reporter_worker_id,
      phone: worker.phone_e164,
      locale: worker.locale === 'en' ? 'en' : 'ko',
    };
  }
  if (report.reporter_phone_e164 === null) return null;
  return report.reporter_firm_id !== null
    ? { kind: 'firm', id: report.reporter_firm_id, phone: report.reporter_phone_e164, locale: report.locale }
    : { kind: 'phone', id: null, phone: report.reporter_phone_e164, locale: report.locale };
}

// ---- Reading --------------------------------------------------------------------------------------------------------

export type ReportRecord = {
  readonly id: bigint;
  readonly buyerId: bigint;
  readonly agencyName: string;
  readonly contractId: bigint | null;
  readonly contractNumber: string | null;
  readonly contractReference: string | null;
  readonly channel: ReportChannel;
  readonly kind: ReportKind;
  readonly reporterKind: ReporterKind;
  readonly reporterName: string | null;
  readonly phone: string | null;
  readonly owedWon: bigint | null;
  readonly owedSince: string | null;
  readonly description: string | null;
  readonly state: ReportState;
  readonly outcome: ReportOutcome | null;
  readonly referredTo: string | null;
  readonly receivedAt: Date;
  readonly receivedOn: string;
  readonly reviewedAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly resolvedOn: string | null;
  readonly assignedTo: string | null;
  readonly overdueSince: string | null;
  readonly flaggedBefore: boolean;
  readonly locale: 'ko' | 'en';
};

function reportQuery(db: Executor, caller: Caller) {
  return db
    .selectFrom('reports')
    .innerJoin('buyers', 'buyers.id', 'reports.buyer_id')
    .leftJoin('contracts', 'contracts.id', 'reports.contract_id')
    .leftJoin('firms', 'firms.id', 'reports.reporter_firm_id')
    .leftJoin('workers', 'workers.id', 'reports.reporter_worker_id')
    .selectAll('reports')
    .select([
      'buyers.name as agency_name',
      'contracts.contract_number',
      'firms.name as firm_name',
      'workers.name as worker_name',
      'workers.phone_e164 as worker_phone',
    ])
    .where(reportVisible(caller));
}

type ReportQueryRow = Awaited<ReturnType<ReturnType<typeof reportQuery>['executeTakeFirstOrThrow']>>;

const recordOf = (row: ReportQueryRow): ReportRecord => ({
  id: row.id,
  buyerId: row.buyer_id,
  agencyName: row.agency_name,
  contractId: row.contract_id,
  contractNumber: row.contract_number,
  contractReference: row.contract_reference,
  channel: row.channel,
  kind: row.kind,
  reporterKind: row.reporter_kind,
  reporterName: row.firm_name ?? row.worker_name ?? row.reporter_name,
  phone: row.reporter_phone_e164 ?? row.worker_phone,
  owedWon: row.owed_won,
  owedSince: row.owed_since,
  description: row.description,
  state: row.state,
  outcome: row.outcome,
  referredTo: row.referred_to,
  receivedAt: row.received_at,
  receivedOn: row.received_on,
  reviewedAt: row.reviewed_at,
  resolvedAt: row.resolved_at,
  resolvedOn: row.resolved_on,
  assignedTo: row.assigned_to,
  overdueSince: row.overdue_since,
  flaggedBefore: row.flagged_before,
  locale: row.locale,
});

export async function listReports(
  db: Executor,
  caller: Caller,
  filter: { readonly state?: ReportState | undefined; readonly after?: bigint | undefined; readonly limit: number },
): Promise<{ records: ReportRecord[]; more: boolean }> {
  const rows = await reportQuery(db, caller)
    .$if(filter.state !== undefined, (q) => q.where('reports.state', '=', filter.state!))
    .$if(filter.after !== undefined, (q) => q.where('reports.id', '<', filter.after!))
    .orderBy('reports.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return { records: rows.slice(0, filter.limit).map(recordOf), more: rows.length > filter.limit };
}

export type ReportDetail = ReportRecord & {
  readonly matches: readonly {
    obligationId: bigint | null;
    findingId: bigint | null;
    dueOn: string | null;
    outstandingWon: bigint | null;
    findingKind: string | null;
    findingRaisedAt: Date | null;
  }[];
  readonly transitions: readonly {
    fromState: ReportState | null;
    toState: ReportState;
    outcome: ReportOutcome | null;
    referredTo: string | null;
    actor: string;
    reason: string | null;
    at: Date;
  }[];
  readonly attachments: readonly { id: bigint; fileName: string; mediaType: string; byteCount: number }[];
};

export async function readReport(db: Executor, caller: Caller, reportId: bigint): Promise<ReportDetail | undefined> {
  const row = await reportQuery(db, caller).where('reports.id', '=', reportId).executeTakeFirst();
  if (!row) return undefined;
  const [matches, transitions, attachments] = await Promise.all([
    db.selectFrom('report_matches').selectAll().where('report_id', '=', reportId).orderBy('id').execute(),
    db.selectFrom('report_transitions').selectAll().where('report_id', '=', reportId).orderBy('id').execute(),
    db
      .selectFrom('report_attachments')
      .select(['id', 'file_name', 'media_type', 'byte_count'])
      .where('report_id', '=', reportId)
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...recordOf(row),
    matches: matches.map((match) => ({
      obligationId: match.obligation_id,
      findingId: match.finding_id,
      dueOn: match.due_on,
      outstandingWon: match.outstanding_won,
      findingKind: match.finding_kind,
      findingRaisedAt: match.finding_raised_at,
    })),
    transitions: transitions.map((transition) => ({
      fromState: transition.from_state,
      toState: transition.to_state,
      outcome: transition.outcome,
      referredTo: transition.referred_to,
      actor: transition.actor,
      reason: transition.reason,
      at: transition.at,
    })),
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      fileName: attachment.file_name,
      mediaType: attachment.media_type,
      byteCount: attachment.byte_count,
    })),
  };
}

export async function readAttachment(
  db: Executor,
  caller: Caller,
  reportId: bigint,
  attachmentId: bigint,
): Promise<{ fileName: string; mediaType: string; content: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('report_attachments')
    .innerJoin('reports', 'reports.id', 'report_attachments.report_id')
    .select(['report_attachments.file_name', 'report_attachments.media_type', 'report_attachments.content'])
    .where('report_attachments.id', '=', attachmentId)
    .where('report_attachments.report_id', '=', reportId)
    .where(reportVisible(caller))
    .executeTakeFirst();
  if (!row) return undefined;
  assert(row.content.byteLength > 0);
  return { fileName: row.file_name, mediaType: row.media_type, content: row.content };
}
