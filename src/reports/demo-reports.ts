import { Temporal } from 'temporal-polyfill';
import { systemActor } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Caller } from '../auth/caller.ts';
import type { AppContext } from '../http/app-context.ts';
import { assert } from '../kernel/assert.ts';
import { addDays, type CivilDate, seoulMidnight } from '../kernel/civil-date.ts';
import type { PhoneE164 } from '../kernel/identifiers.ts';
import { smsConfigFromEnv } from '../outbox/sms-config.ts';
import { importCounts } from './count-import.store.ts';
import {
  type Moment,
  type OfficialCaller,
  type ReporterCaller,
  recordOutsideReport,
  submitReport,
  takeReportStep,
} from './report.store.ts';
import { lastTwelveMonths } from './report-figures.ts';

/**
 * The demo's reports (issue 10): a report in every state on the demo contract, one taken by phone, and two years
 * of monthly counts for the demo agency (on Hado) and a second agency that does not use Hado, so the year-over-year
 * change (168 → 106, −37 %) and the comparison per 100 contracts show on the dashboard and the public page.
 */
export const demoOutsideAgencyCode = 'GYEONGGI-DEMO';

/** Reports a month over the two years before today's month, oldest first: [previous year, this year]. */
const demoMonthly = {
  'SEOUL-DEMO': {
    contracts: [600, 599],
    reports: [
      [16, 15, 14, 13, 15, 14, 12, 13, 14, 15, 13, 14], // 168, before the agency's contracts moved to Hado
      [11, 10, 9, 9, 8, 8, 9, 8, 7, 7, 7, 7], // 100, plus the 6 reports recorded in Hado: 106
    ],
  },
  [demoOutsideAgencyCode]: {
    contracts: [450, 450],
    reports: [
      [13, 12, 13, 12, 12, 13, 12, 13, 12, 13, 12, 13], // 150
      [14, 13, 14, 13, 14, 13, 14, 13, 14, 13, 14, 13], // 162
    ],
  },
} as const;

export async function loadDemoReports(context: AppContext, demoAgencyCode: string): Promise<void> {
  const db = context.handle.db;
  const today = context.clock.today();
  const sms = (({ sender, quietHours }) => ({ sender, quietHours }))(smsConfigFromEnv());
  const admin: OfficialCaller = { role: 'admin', userId: 0n, label: 'demo' };

  await auditedWrite(db, systemActor, context.clock.now(), async (tx) => {
    const inserted = await tx
      .insertInto('buyers')
      .values({
        agency_code: demoOutsideAgencyCode,
        name: '[데모] 경기도 건설본부 (Hado 미사용)',
        name_en: '[DEMO] Gyeonggi Province Construction HQ (not on Hado)',
        uses_hado: false,
      })
      .onConflict((conflict) => conflict.column('agency_code').doNothing())
      .returning('id')
      .execute();
    return {
      outcome: null,
      audit: inserted.map((row) => ({
        action: 'buyer.registered',
        entity: 'buyer',
        entityId: row.id,
        after: { agencyCode: demoOutsideAgencyCode, usesHado: false },
      })),
    };
  });

  // Two years of monthly counts, imported as an official would (the file is checked whole, then written).
  const thisMonth = Temporal.PlainDate.from(today).with({ day: 1 });
  const lines = ['agency_code,month,contracts,non_payment_reports,late_payment_reports'];
  for (const [code, agency] of Object.entries(demoMonthly)) {
    for (const [year, reports] of agency.reports.entries()) {
      reports.forEach((count, index) => {
        const monthsBack = (1 - year) * 12 + (12 - index);
        const month = thisMonth.subtract({ months: monthsBack }).toString().slice(0, 7);
        const late = Math.floor((count * 2) / 5);
        lines.push(`${code},${month},${agency.contracts[year]},${count - late},${late}`);
      });
    }
  }
  const imported = await importCounts(db, admin, lines.join('\n'), {
    dryRun: false,
    replace: true,
    now: context.clock.now(),
  });
  assert(imported.result === 'imported', `demo counts: ${JSON.stringify(imported.errors)}`);

  // Reports on the demo contract, one in each state, dated inside the default statistics period.
  const contract = await db
    .selectFrom('contracts')
    .innerJoin('buyers', 'buyers.id', 'contracts.buyer_id')
    .select(['contracts.id', 'contracts.buyer_id'])
    .where('buyers.agency_code', '=', demoAgencyCode)
    .orderBy('contracts.id')
    .executeTakeFirstOrThrow();
  const officialUser = await db
    .selectFrom('users')
    .select(['id', 'login'])
    .where('login', '=', 'official')
    .executeTakeFirstOrThrow();
  const official: Extract<Caller, { role: 'official' }> = {
    role: 'official',
    userId: officialUser.id,
    buyerId: contract.buyer_id,
    label: `user:${officialUser.login}`,
  };
  const firmCaller = async (login: string): Promise<ReporterCaller> => {
    const user = await db
      .selectFrom('users')
      .select(['id', 'firm_id', 'role'])
      .where('login', '=', login)
      .executeTakeFirstOrThrow();
    const role = user.role;
    assert(role === 'subcontractor' || role === 'supplier');
    return { role, userId: user.id, firmId: user.firm_id!, label: `user:${login}` };
  };
  const worker = await db
    .selectFrom('worker_engagements')
    .innerJoin('workers', 'workers.id', 'worker_engagements.worker_id')
    .select(['workers.id'])
    .where('worker_engagements.contract_id', '=', contract.id)
    .orderBy('workers.id')
    .executeTakeFirstOrThrow();
  const workerCaller: ReporterCaller = { role: 'worker', workerId: worker.id, label: `worker:${worker.id}` };

  const end = lastTwelveMonths(today).to;
  // Each step happens on its day of the demo's history; the audit log and the outbox keep the real instant.
  const at = (date: CivilDate, hour = 10): Moment => ({
    now: context.clock.now(),
    eventAt: new Date(seoulMidnight(date).getTime() + hour * 3_600_000),
    sms,
    // History is quiet; the two reports still open tell their reporters, as live ones would.
    notify: date >= addDays(end, -45),
  });
  const stories: {
    reporter: ReporterCaller;
    phone: string | null;
    received: number;
    kind: 'non_payment' | 'late_payment';
    owedWon: bigint;
    description: string;
    review?: number;
    resolve?: { after: number; outcome: 'paid' | 'direct_payment' | 'referred'; referredTo?: string; reason: string };
  }[] = [
    {
      reporter: await firmCaller('sub-tile'),
      phone: '+821055501001',
      received: -190,
      kind: 'non_payment',
      owedWon: 184_000_000n,
      description: '[데모] 3월분 타일공사 기성금을 받지 못했습니다.',
      review: 2,
      resolve: { after: 9, outcome: 'paid', reason: '원도급사가 지연이자와 함께 지급함을 은행 거래로 확인' },
    },
    {
      reporter: await firmCaller('sub-electric'),
      phone: '+821055501003',
      received: -140,
      kind: 'non_payment',
      owedWon: 96_500_000n,
      description: '[데모] 조명설비 기성금이 두 달째 미지급입니다.',
      review: 3,
      resolve: {
        after: 21,
        outcome: 'direct_payment',
        reason: '원도급사 지급 지연: 건설산업기본법 제35조에 따라 직접지급 결정',
      },
    },
    {
      reporter: await firmCaller('sub-interior'),
      phone: '+821055501002',
      received: -110,
      kind: 'late_payment',
      owedWon: 131_200_000n,
      description: '[데모] 도장공사 기성금이 60일을 넘겨 지급되었습니다. 지연이자를 받지 못했습니다.',
      resolve: {
        after: 14,
        outcome: 'referred',
        referredTo: '공정거래위원회',
        reason: '지연이자 분쟁: 하도급법 사건으로 이관',
      },
    },
    {
      reporter: workerCaller,
      phone: null,
      received: -30,
      kind: 'non_payment',
      owedWon: 2_340_000n,
      description: '[데모] 지난달 노임 9일분을 받지 못했습니다.',
      review: 2,
    },
    {
      // The demo's claims leave the cement supplier's share of the third claim unpaid: Hado saw it first.
      reporter: await firmCaller('supplier-cement'),
      phone: '+821055501005',
      received: -3,
      kind: 'non_payment',
      owedWon: 31_200_000n,
      description: '[데모] 3차 기성의 레미콘 대금이 지급기한을 넘겼습니다.',
    },
  ];
  for (const story of stories) {
    const receivedOn = addDays(end, story.received);
    const made = await submitReport(
      db,
      story.reporter,
      {
        contractId: contract.id,
        kind: story.kind,
        owedWon: story.owedWon,
        owedSince: addDays(receivedOn, -20),
        description: story.description,
        phone: story.phone as PhoneE164 | null,
        attachments: [],
      },
      at(receivedOn),
    );
    assert(made.result === 'created', `demo report: ${made.result}`);
    if (story.review !== undefined) {
      const step = await takeReportStep(
        db,
        official,
        made.reportId,
        { to: 'under_review', reason: '[데모] 검토 시작' },
        at(addDays(receivedOn, story.review)),
      );
      assert(step.result === 'applied');
    }
    if (story.resolve) {
      const { after, outcome, referredTo, reason } = story.resolve;
      const step = await takeReportStep(
        db,
        official,
        made.reportId,
        { to: 'resolved', outcome, referredTo: referredTo ?? null, reason },
        at(addDays(receivedOn, after), 15),
      );
      assert(step.result === 'applied');
    }
  }

  // A worker who phoned the agency: recorded by the official, resolved once the wage was paid.
  const phoned = addDays(end, -60);
  const recorded = await recordOutsideReport(
    db,
    official,
    {
      buyerId: null,
      channel: 'phone',
      receivedOn: phoned,
      kind: 'non_payment',
      reporterKind: 'worker',
      contractId: contract.id,
      contractReference: null,
      reporterBusinessNumber: null,
      reporterName: '[데모] 전화 신고인',
      phone: null,
      locale: 'ko',
      owedWon: 1_530_000n,
      owedSince: addDays(phoned, -15),
      description: '[데모] 전화 접수: 철근공 노임 6일분 미지급',
    },
    at(phoned),
  );
  assert(recorded.result === 'created');
  const resolved = await takeReportStep(
    db,
    official,
    recorded.reportId,
    { to: 'resolved', outcome: 'paid', referredTo: null, reason: '[데모] 고용주가 노임 지급, 근로자 확인' },
    at(addDays(phoned, 5), 15),
  );
  assert(resolved.result === 'applied');
}
