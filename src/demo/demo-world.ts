import { systemActor } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import { createUser } from '../auth/users.ts';
import type { AppContext } from '../http/app-context.ts';
import type { App } from '../http/server.ts';
import { assert } from '../kernel/assert.ts';
import { addDays } from '../kernel/civil-date.ts';
import { loadDemoReports } from '../reports/index.ts';
import { loadDemoClaims } from './demo-claims.ts';
import { loadDemoLoans } from './demo-loans.ts';
import { loadDemoMonitoring } from './demo-monitoring.ts';
import {
  type DemoFirm,
  demoPassword,
  demoPrime,
  demoSubcontractors,
  demoSuppliers,
  demoTier2,
  demoWorkers,
} from './demo-people.ts';

export const demoWorldVersion = 1;
export const demoAgencyCode = 'SEOUL-DEMO';

/** The sign-ins printed by `npm start`, one per role of the demo world. */
export const demoLogins = [
  { login: 'admin', role: 'admin', who: '시스템 관리자 / administrator' },
  { login: 'official', role: 'official', who: '[데모] 서울시 도시기반시설본부 담당자 / buyer official' },
  { login: 'prime', role: 'prime', who: '(주)한강종합건설 / prime contractor' },
  { login: 'sub-tile', role: 'subcontractor', who: '(주)동방타일 / subcontractor' },
  { login: 'sub-interior', role: 'subcontractor', who: '세진인테리어(주) / subcontractor' },
  { login: 'sub-electric', role: 'subcontractor', who: '(주)한빛전기 / subcontractor' },
  { login: 'sub-stone', role: 'subcontractor', who: '미래석재 / tier-2 subcontractor' },
  { login: 'supplier-cement', role: 'supplier', who: '(주)대한시멘트 / material supplier' },
  { login: 'supplier-equipment', role: 'supplier', who: '서울중장비렌탈(주) / equipment supplier' },
  { login: 'bank-kb', role: 'bank', who: 'KB국민은행 / participating bank' },
  { login: 'auditor', role: 'auditor', who: '감사 / auditor' },
] as const;

/** Completes a nine-digit prefix into a valid business registration number. */
export function withCheckDigit(prefix: string): string {
  assert(/^\d{9}$/.test(prefix));
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const d = [...prefix].map(Number);
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += d[i]! * weight;
  });
  sum += Math.floor((d[8]! * 5) / 10);
  return `${prefix}${(10 - (sum % 10)) % 10}`;
}

/**
 * Loads the demo world once per data directory, through the same API and write path users take, so it
 * shows the real rules at work. A restart finds it loaded and leaves it alone.
 */
export async function loadDemoWorld(app: App, context: AppContext): Promise<'loaded' | 'already_loaded'> {
  const db = context.handle.db;
  const marker = await db.selectFrom('settings').select('value').where('key', '=', 'demo_world').executeTakeFirst();
  if (marker) return 'already_loaded';
  const today = context.clock.today();
  const now = context.clock.now();
  const api = apiClient(app, context.adminToken!);

  // Participating banks, and the sandbox bank's books for every account the demo uses.
  await auditedWrite(db, systemActor, now, async (tx) => {
    await tx
      .updateTable('banks')
      .set({ participating: true })
      .where('code', 'in', ['004', '020', '088', '081', '011', '003'])
      .execute();
    return {
      outcome: null,
      audit: [
        {
          action: 'demo.banks_participating',
          entity: 'bank',
          after: { codes: ['004', '020', '088', '081', '011', '003'] },
        },
      ],
    };
  });

  const buyer = await api('POST', '/api/v1/buyers', {
    agencyCode: demoAgencyCode,
    name: '[데모] 서울특별시 도시기반시설본부',
    nameEn: '[DEMO] Seoul Metropolitan Government, Infrastructure HQ',
  });
  const firmBody = (firm: DemoFirm) => ({
    businessNumber: withCheckDigit(firm.prefix),
    name: firm.name,
    nameEn: firm.nameEn,
    representative: firm.representative,
  });
  const prime = await api('POST', '/api/v1/firms', firmBody(demoPrime));
  const contract = await api('POST', '/api/v1/contracts', {
    buyerId: buyer.record.id,
    primeBusinessNumber: withCheckDigit(demoPrime.prefix),
    contractNumber: 'SMC-2026-0142',
    title: '[데모] 지하철 9호선 4단계 연장 2공구 역사 마감공사',
    site: '서울 강동구 고덕동 일대 (9호선 4단계 2공구 정거장 3개소)',
    amountWon: '18400000000',
    advanceWon: '1840000000',
    startsOn: addDays(today, -270),
    endsOn: addDays(today, 300),
  });
  const contractId = contract.record.id as string;
  let accountSerial = 0;
  for (const purpose of ['progress', 'labour', 'advance'] as const) {
    accountSerial += 1;
    await api('POST', `/api/v1/contracts/${contractId}/dedicated-accounts`, {
      purpose,
      bankCode: '004',
      accountNumber: `9012000${accountSerial}0142${accountSerial}`,
      holderName: `${demoPrime.name} (${{ progress: '기성', labour: '노무비', advance: '선급금' }[purpose]} 전용)`,
    });
  }

  const sandboxAccounts: { bank_code: string; account_number: string; holder_name: string }[] = [
    { bank_code: demoPrime.bankCode, account_number: demoPrime.accountNumber, holder_name: demoPrime.name },
  ];
  const subcontractIds = new Map<string, string>();
  const firmIds = new Map<string, string>([['prime', prime.record.id]]);
  for (const sub of demoSubcontractors) {
    const created = await api('POST', `/api/v1/contracts/${contractId}/subcontracts`, {
      reference: `SMC-0142-S${subcontractIds.size + 1}`,
      firm: firmBody(sub),
      title: sub.title,
      amountWon: String(sub.amountWon),
      startsOn: addDays(today, -240),
      endsOn: addDays(today, 240),
      payeeAccount: { bankCode: sub.bankCode, accountNumber: sub.accountNumber, holderName: sub.name },
    });
    subcontractIds.set(sub.key, created.record.id);
    firmIds.set(sub.key, created.record.firmId);
    sandboxAccounts.push({ bank_code: sub.bankCode, account_number: sub.accountNumber, holder_name: sub.name });
  }
  const tier2 = await api('POST', `/api/v1/contracts/${contractId}/subcontracts`, {
    reference: 'SMC-0142-S1-01',
    parentSubcontractId: subcontractIds.get(demoTier2.parent),
    firm: firmBody(demoTier2),
    title: demoTier2.title,
    amountWon: String(demoTier2.amountWon),
    startsOn: addDays(today, -200),
    endsOn: addDays(today, 120),
    payeeAccount: { bankCode: demoTier2.bankCode, accountNumber: demoTier2.accountNumber, holderName: demoTier2.name },
  });
  subcontractIds.set(demoTier2.key, tier2.record.id);
  firmIds.set(demoTier2.key, tier2.record.firmId);
  sandboxAccounts.push({
    bank_code: demoTier2.bankCode,
    account_number: demoTier2.accountNumber,
    holder_name: demoTier2.name,
  });

  for (const [index, supplier] of demoSuppliers.entries()) {
    const created = await api('POST', `/api/v1/contracts/${contractId}/supply-contracts`, {
      reference: `SMC-0142-M${index + 1}`,
      firm: firmBody(supplier),
      kind: supplier.kind,
      title: supplier.title,
      amountWon: String(supplier.amountWon),
      payeeAccount: { bankCode: supplier.bankCode, accountNumber: supplier.accountNumber, holderName: supplier.name },
    });
    firmIds.set(supplier.key, created.record.firmId);
    sandboxAccounts.push({
      bank_code: supplier.bankCode,
      account_number: supplier.accountNumber,
      holder_name: supplier.name,
    });
  }

  for (const [index, worker] of demoWorkers.entries()) {
    const serial = String(index + 1).padStart(2, '0');
    const accountNumber = `${worker.bankCode === '090' ? '3333' : '1002'}${String(7_310_000 + index * 137).padStart(8, '0')}${serial}`;
    await api('POST', `/api/v1/contracts/${contractId}/workers`, {
      name: worker.name,
      phone: `010-${String(2100 + index * 37).padStart(4, '0')}-${String(4400 + index * 53).padStart(4, '0')}`,
      ...(worker.name.startsWith('Nguyen') ? { locale: 'en' } : {}),
      ...(worker.employer === 'prime' ? {} : { subcontractId: subcontractIds.get(worker.employer) }),
      trade: worker.trade,
      dailyWageWon: String(worker.dailyWageWon),
      startsOn: addDays(today, -180 + index),
      account: { bankCode: worker.bankCode, accountNumber, holderName: worker.name },
    });
    sandboxAccounts.push({ bank_code: worker.bankCode, account_number: accountNumber, holder_name: worker.name });
  }

  await db
    .insertInto('sandbox_bank.accounts')
    .values(sandboxAccounts)
    .onConflict((c) => c.doNothing())
    .execute();

  // Every payee account is checked with the (sandbox) bank, as a prime would before claiming; the last
  // worker's account is left unverified so the demo shows that state too.
  const accounts = await db.selectFrom('payee_accounts').select('id').orderBy('id').execute();
  for (const account of accounts.slice(0, -1)) await api('POST', `/api/v1/payee-accounts/${account.id}/verify`, {});

  const kb = await db.selectFrom('banks').select('id').where('code', '=', '004').executeTakeFirstOrThrow();
  const buyerId = BigInt(buyer.record.id);
  const firm = (key: string) => BigInt(firmIds.get(key)!);
  const users = [
    { login: 'admin', role: 'admin' as const, displayName: '데모 관리자' },
    { login: 'official', role: 'official' as const, displayName: '김서울 주무관', buyerId },
    { login: 'prime', role: 'prime' as const, displayName: '한강종합건설 현장소장', firmId: firm('prime') },
    { login: 'sub-tile', role: 'subcontractor' as const, displayName: '동방타일 담당자', firmId: firm('sub-tile') },
    {
      login: 'sub-interior',
      role: 'subcontractor' as const,
      displayName: '세진인테리어 담당자',
      firmId: firm('sub-interior'),
    },
    {
      login: 'sub-electric',
      role: 'subcontractor' as const,
      displayName: '한빛전기 담당자',
      firmId: firm('sub-electric'),
    },
    { login: 'sub-stone', role: 'subcontractor' as const, displayName: '미래석재 담당자', firmId: firm('sub-stone') },
    {
      login: 'supplier-cement',
      role: 'supplier' as const,
      displayName: '대한시멘트 담당자',
      firmId: firm('supplier-cement'),
    },
    {
      login: 'supplier-equipment',
      role: 'supplier' as const,
      displayName: '서울중장비렌탈 담당자',
      firmId: firm('supplier-equipment'),
    },
    { login: 'bank-kb', role: 'bank' as const, displayName: 'KB국민은행 기업금융 담당', bankId: kb.id },
    { login: 'auditor', role: 'auditor' as const, displayName: '감사관' },
  ];
  for (const user of users) {
    const exists = await db.selectFrom('users').select('id').where('login', '=', user.login).executeTakeFirst();
    if (!exists) await createUser(db, systemActor, now, { ...user, password: demoPassword });
  }

  // Claims in every state, with their obligations and ledger (issue 3).
  await loadDemoClaims(app, context, contractId);
  await loadDemoMonitoring(context, contractId);
  // Loans against receivables in every state (issue 6).
  await loadDemoLoans(context, contractId);

  // Non-payment reports in every state and two years of counts for two agencies (issue 10).
  await loadDemoReports(context, demoAgencyCode);

  await auditedWrite(db, systemActor, now, async (tx) => {
    await tx
      .insertInto('settings')
      .values({ key: 'demo_world', value: JSON.stringify({ version: demoWorldVersion, loadedOn: today }) })
      .execute();
    return {
      outcome: null,
      audit: [
        { action: 'demo.loaded', entity: 'settings', entityId: 'demo_world', after: { version: demoWorldVersion } },
      ],
    };
  });
  return 'loaded';
}

/** Calls the API in-process as the server's own admin, failing loudly if the demo breaks a rule. */
// biome-ignore lint/suspicious/noExplicitAny: demo responses are read loosely; the API validated them.
type Json = any;
function apiClient(app: App, token: string) {
  return async (method: 'POST' | 'GET', url: string, body?: unknown): Promise<Json> => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (response.statusCode >= 300)
      throw new Error(`demo world: ${method} ${url} → ${response.statusCode} ${response.body}`);
    return response.json();
  };
}
