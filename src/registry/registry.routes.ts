import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AuditEntry } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import { type Caller, isFirmCaller, seesEverything } from '../auth/caller.ts';
import { requireStepUp } from '../auth/totp.ts';
import type { Tx } from '../db/database.ts';
import { realTimeOf } from '../http/app-context.ts';
import { refuse } from '../http/refusals.ts';
import {
  BankCode,
  CivilDateText,
  IdParams,
  IdText,
  keysetWindow,
  Locale,
  Name,
  Page,
  PageQuery,
  pageOf,
  Registered,
  WonText,
} from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { parseCivilDate } from '../kernel/civil-date.ts';
import {
  formatBusinessNumber,
  koreanBankNames,
  maskAccountNumber,
  maskPhone,
  parseAccountNumber,
  parseBusinessNumber,
  parseKoreanMobile,
} from '../kernel/identifiers.ts';
import { pageSizeDefault } from '../kernel/limits.ts';
import { parseWonText } from '../kernel/money.ts';
import { type RegisterResult, registerOnce } from './register-once.ts';
import { contractVisible, engagementVisible, firmVisible, subcontractVisible, supplyVisible } from './scope.ts';

// ---- Shapes ---------------------------------------------------------------------------------------------

const Buyer = Type.Object({
  id: IdText,
  agencyCode: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  usesHado: Type.Boolean(),
});
const Firm = Type.Object({
  id: IdText,
  businessNumber: Type.String({ description: '123-45-67890' }),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  representative: Type.Union([Type.String(), Type.Null()]),
});
const Contract = Type.Object({
  id: IdText,
  buyerId: IdText,
  primeFirmId: IdText,
  contractNumber: Type.String(),
  title: Type.String(),
  site: Type.String(),
  amountWon: WonText,
  advanceWon: WonText,
  startsOn: CivilDateText,
  endsOn: CivilDateText,
  paymentFlow: Type.String(),
});
const Subcontract = Type.Object({
  id: IdText,
  contractId: IdText,
  reference: Type.String(),
  parentSubcontractId: Type.Union([IdText, Type.Null()]),
  contractorFirmId: IdText,
  firmId: IdText,
  tier: Type.Integer(),
  title: Type.String(),
  amountWon: WonText,
  startsOn: CivilDateText,
  endsOn: CivilDateText,
  payeeAccountId: Type.Union([IdText, Type.Null()]),
});
const SupplyContract = Type.Object({
  id: IdText,
  contractId: IdText,
  reference: Type.String(),
  subcontractId: Type.Union([IdText, Type.Null()]),
  buyerFirmId: IdText,
  firmId: IdText,
  kind: Type.String(),
  title: Type.String(),
  amountWon: WonText,
  payeeAccountId: Type.Union([IdText, Type.Null()]),
});
const Engagement = Type.Object({
  id: IdText,
  contractId: IdText,
  workerId: IdText,
  workerName: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  employerFirmId: IdText,
  subcontractId: Type.Union([IdText, Type.Null()]),
  trade: Type.String(),
  dailyWageWon: WonText,
  startsOn: CivilDateText,
  payeeAccountId: Type.Union([IdText, Type.Null()]),
});
const PayeeAccount = Type.Object({
  id: IdText,
  ownerKind: Type.String(),
  ownerId: IdText,
  bankCode: Type.String(),
  accountMasked: Type.String(),
  holderName: Type.String(),
  verification: Type.String(),
});
const DedicatedAccount = Type.Object({
  id: IdText,
  contractId: IdText,
  purpose: Type.String(),
  bankCode: Type.String(),
  accountNumber: Type.String(),
  holderName: Type.String(),
});

const Purpose = Type.Union([
  Type.Literal('progress'),
  Type.Literal('labour'),
  Type.Literal('advance'),
  Type.Literal('general'),
]);

const AccountInput = Type.Object(
  { bankCode: BankCode, accountNumber: Type.String({ minLength: 10, maxLength: 24 }), holderName: Name },
  { additionalProperties: false },
);

const FirmInput = Type.Object(
  {
    businessNumber: Type.String({ minLength: 10, maxLength: 12 }),
    name: Name,
    nameEn: Type.Optional(Name),
    representative: Type.Optional(Name),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);

// ---- Row mappers ----------------------------------------------------------------------------------------

type Row<T> = T & { id: bigint };
const idOrNull = (value: bigint | null) => (value === null ? null : String(value));

const buyerOut = (row: Row<{ agency_code: string; name: string; name_en: string | null; uses_hado: boolean }>) => ({
  id: String(row.id),
  agencyCode: row.agency_code,
  name: row.name,
  nameEn: row.name_en,
  usesHado: row.uses_hado,
});
const firmOut = (
  row: Row<{ business_number: string; name: string; name_en: string | null; representative: string | null }>,
) => ({
  id: String(row.id),
  businessNumber: formatBusinessNumber(row.business_number as never),
  name: row.name,
  nameEn: row.name_en,
  representative: row.representative,
});
type ContractRow = Row<{
  buyer_id: bigint;
  prime_firm_id: bigint;
  contract_number: string;
  title: string;
  site: string;
  amount_won: bigint;
  advance_won: bigint;
  starts_on: string;
  ends_on: string;
  payment_flow: string;
}>;
const contractOut = (row: ContractRow) => ({
  id: String(row.id),
  buyerId: String(row.buyer_id),
  primeFirmId: String(row.prime_firm_id),
  contractNumber: row.contract_number,
  title: row.title,
  site: row.site,
  amountWon: String(row.amount_won),
  advanceWon: String(row.advance_won),
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  paymentFlow: row.payment_flow,
});
type SubcontractRow = Row<{
  contract_id: bigint;
  reference: string;
  parent_subcontract_id: bigint | null;
  contractor_firm_id: bigint;
  firm_id: bigint;
  tier: number;
  title: string;
  amount_won: bigint;
  starts_on: string;
  ends_on: string;
  payee_account_id: bigint | null;
}>;
const subcontractOut = (row: SubcontractRow) => ({
  id: String(row.id),
  contractId: String(row.contract_id),
  reference: row.reference,
  parentSubcontractId: idOrNull(row.parent_subcontract_id),
  contractorFirmId: String(row.contractor_firm_id),
  firmId: String(row.firm_id),
  tier: row.tier,
  title: row.title,
  amountWon: String(row.amount_won),
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  payeeAccountId: idOrNull(row.payee_account_id),
});
type SupplyRow = Row<{
  contract_id: bigint;
  reference: string;
  subcontract_id: bigint | null;
  buyer_firm_id: bigint;
  firm_id: bigint;
  kind: string;
  title: string;
  amount_won: bigint;
  payee_account_id: bigint | null;
}>;
const supplyOut = (row: SupplyRow) => ({
  id: String(row.id),
  contractId: String(row.contract_id),
  reference: row.reference,
  subcontractId: idOrNull(row.subcontract_id),
  buyerFirmId: String(row.buyer_firm_id),
  firmId: String(row.firm_id),
  kind: row.kind,
  title: row.title,
  amountWon: String(row.amount_won),
  payeeAccountId: idOrNull(row.payee_account_id),
});
type PayeeAccountRow = Row<{
  owner_kind: string;
  owner_id: bigint;
  bank_code: string;
  account_number: string;
  holder_name: string;
  verification: string;
}>;
const payeeAccountOut = (row: PayeeAccountRow) => ({
  id: String(row.id),
  ownerKind: row.owner_kind,
  ownerId: String(row.owner_id),
  bankCode: row.bank_code,
  accountMasked: maskAccountNumber(row.account_number),
  holderName: row.holder_name,
  verification: row.verification,
});

// ---- Input parsing at the boundary ---------------------------------------------------------------------

const won = (text: string, field: string) => parseWonText(text) ?? refuse('invalid_amount', field);
const positiveWon = (text: string, field: string) => {
  const amount = won(text, field);
  return amount > 0n ? amount : refuse('invalid_amount', field);
};
const date = (text: string, field: string) => parseCivilDate(text) ?? refuse('invalid_date', field);
const businessNumber = (text: string, field: string) =>
  parseBusinessNumber(text) ?? refuse('invalid_business_number', field);
const accountNumber = (text: string, field: string) =>
  parseAccountNumber(text) ?? refuse('invalid_account_number', field);
const knownBank = (code: string, field: string) => (koreanBankNames[code] ? code : refuse('unknown_bank', field));

/** Names compared for account verification: spaces and the company-form marks Korean banks vary on. */
export const normaliseHolderName = (name: string) =>
  name
    .normalize('NFC')
    .replace(/\(주\)|㈜|주식회사|\(유\)|유한회사/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();

const limitOf = (query: { limit?: number }) => query.limit ?? pageSizeDefault;

// ---- Routes ---------------------------------------------------------------------------------------------

/**
 * The registry (DESIGN §1–2): buyers, firms, contracts, subcontracts, supply contracts, workers and their
 * engagements, and the bank accounts money may go to. Every write goes through the audited write path;
 * every list is scoped to what the caller may see.
 */
export const registryRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;
  const now = () => context.clock.now();

  // Buyers --------------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/buyers',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['registry'],
        body: Type.Object(
          {
            agencyCode: Type.String({ pattern: '^[A-Za-z0-9-]{2,32}$' }),
            name: Name,
            nameEn: Type.Optional(Name),
            usesHado: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Registered(Buyer), 201: Registered(Buyer) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const requested = { name: body.name, name_en: body.nameEn ?? null, uses_hado: body.usesHado ?? true };
      const outcome = await auditedWrite(db, request.caller, now(), async (tx) => {
        const existing = await tx
          .selectFrom('buyers')
          .selectAll()
          .where('agency_code', '=', body.agencyCode)
          .executeTakeFirst();
        const registered = await registerOnce({
          existing,
          content: (row) => ({ name: row.name, name_en: row.name_en, uses_hado: row.uses_hado }),
          requested,
          conflictField: 'agencyCode',
          create: () =>
            tx
              .insertInto('buyers')
              .values({ agency_code: body.agencyCode, ...requested })
              .returningAll()
              .executeTakeFirstOrThrow(),
        });
        return { outcome: registered, audit: createdAudit(registered, 'buyer', (row) => ({ id: row.id })) };
      });
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: buyerOut(outcome.record) });
    },
  );

  app.get(
    '/api/v1/buyers',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank'] } },
      schema: { tags: ['registry'], querystring: PageQuery, response: { 200: Page(Buyer) } },
    },
    async (request) => {
      const limit = limitOf(request.query);
      const caller = request.caller;
      const rows = await db
        .selectFrom('buyers')
        .selectAll()
        .where((eb) =>
          seesEverything(caller)
            ? eb.lit(true)
            : caller.role === 'official'
              ? eb('buyers.id', '=', caller.buyerId)
              : eb.exists(
                  eb
                    .selectFrom('contracts')
                    .select('contracts.id')
                    .whereRef('contracts.buyer_id', '=', 'buyers.id')
                    .where((inner) => contractVisible(caller)(inner as never)),
                ),
        )
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, buyerOut);
    },
  );

  // Firms ---------------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/firms',
    {
      config: { access: { roles: ['admin', 'official', 'prime', 'subcontractor'] } },
      schema: { tags: ['registry'], body: FirmInput, response: { 200: Registered(Firm), 201: Registered(Firm) } },
    },
    async (request, reply) => {
      const outcome = await auditedWrite(db, request.caller, now(), (tx) =>
        registerFirm(tx, request.body, 'businessNumber'),
      );
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: firmOut(outcome.record) });
    },
  );

  app.get(
    '/api/v1/firms',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank'] } },
      schema: { tags: ['registry'], querystring: PageQuery, response: { 200: Page(Firm) } },
    },
    async (request) => {
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('firms')
        .selectAll()
        .where(firmVisible(request.caller))
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, firmOut);
    },
  );

  // Banks ---------------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/banks',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank'] } },
      schema: {
        tags: ['registry'],
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: IdText,
                code: Type.String(),
                name: Type.String(),
                nameEn: Type.Union([Type.String(), Type.Null()]),
                participating: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const rows = await db.selectFrom('banks').selectAll().orderBy('code').execute();
      return {
        items: rows.map((row) => ({
          id: String(row.id),
          code: row.code,
          name: row.name,
          nameEn: row.name_en,
          participating: row.participating,
        })),
      };
    },
  );

  // Contracts -----------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/contracts',
    {
      config: { access: { roles: ['admin', 'official'] } },
      schema: {
        tags: ['registry'],
        body: Type.Object(
          {
            buyerId: Type.Optional(IdText),
            primeBusinessNumber: Type.String({ minLength: 10, maxLength: 12 }),
            contractNumber: Type.String({ minLength: 1, maxLength: 64 }),
            title: Name,
            site: Name,
            amountWon: WonText,
            advanceWon: Type.Optional(WonText),
            startsOn: CivilDateText,
            endsOn: CivilDateText,
            paymentFlow: Type.Optional(Type.Union([Type.Literal('direct'), Type.Literal('prime_approval')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Registered(Contract), 201: Registered(Contract) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const caller = request.caller;
      const buyerId =
        caller.role === 'official'
          ? caller.buyerId
          : body.buyerId
            ? BigInt(body.buyerId)
            : refuse('invalid_request', 'buyerId');
      if (caller.role === 'official' && body.buyerId && BigInt(body.buyerId) !== caller.buyerId)
        refuse('forbidden', 'buyerId');
      const requested = {
        prime_business_number: businessNumber(body.primeBusinessNumber, 'primeBusinessNumber'),
        title: body.title,
        site: body.site,
        amount_won: positiveWon(body.amountWon, 'amountWon'),
        advance_won: body.advanceWon ? won(body.advanceWon, 'advanceWon') : 0n,
        starts_on: date(body.startsOn, 'startsOn'),
        ends_on: date(body.endsOn, 'endsOn'),
        payment_flow: body.paymentFlow ?? 'direct',
      };
      if (requested.ends_on < requested.starts_on) refuse('invalid_period', 'endsOn');
      if (requested.advance_won > requested.amount_won) refuse('invalid_amount', 'advanceWon');
      const outcome = await auditedWrite(db, caller, now(), async (tx) => {
        const buyer = await tx.selectFrom('buyers').select('id').where('id', '=', buyerId).executeTakeFirst();
        if (!buyer) refuse('unknown_buyer', 'buyerId');
        const prime = await tx
          .selectFrom('firms')
          .select('id')
          .where('business_number', '=', requested.prime_business_number)
          .executeTakeFirst();
        if (!prime) return refuse('unknown_firm', 'primeBusinessNumber');
        const existing = await tx
          .selectFrom('contracts')
          .innerJoin('firms', 'firms.id', 'contracts.prime_firm_id')
          .selectAll('contracts')
          .select('firms.business_number')
          .where('contracts.buyer_id', '=', buyerId)
          .where('contracts.contract_number', '=', body.contractNumber)
          .executeTakeFirst();
        const { prime_business_number: _, ...values } = requested;
        const registered = await registerOnce({
          existing,
          content: (row) => ({
            prime_business_number: row.business_number,
            title: row.title,
            site: row.site,
            amount_won: row.amount_won,
            advance_won: row.advance_won,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            payment_flow: row.payment_flow,
          }),
          requested,
          conflictField: 'contractNumber',
          create: async () => ({
            ...(await tx
              .insertInto('contracts')
              .values({ ...values, buyer_id: buyerId, prime_firm_id: prime.id, contract_number: body.contractNumber })
              .returningAll()
              .executeTakeFirstOrThrow()),
            business_number: requested.prime_business_number,
          }),
        });
        return {
          outcome: registered,
          audit: createdAudit(registered, 'contract', (row) => ({ id: row.id, contractId: row.id })),
        };
      });
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: contractOut(outcome.record) });
    },
  );

  app.get(
    '/api/v1/contracts',
    {
      config: {
        access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank', 'worker'] },
      },
      schema: { tags: ['registry'], querystring: PageQuery, response: { 200: Page(Contract) } },
    },
    async (request) => {
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('contracts')
        .selectAll()
        .where(contractVisible(request.caller))
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, contractOut);
    },
  );

  app.get(
    '/api/v1/contracts/:id',
    {
      config: {
        access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank', 'worker'] },
      },
      schema: { tags: ['registry'], params: IdParams, response: { 200: Contract } },
    },
    async (request) => {
      const row = await db
        .selectFrom('contracts')
        .selectAll()
        .where('id', '=', BigInt(request.params.id))
        .where(contractVisible(request.caller))
        .executeTakeFirst();
      return row ? contractOut(row) : refuse('not_found');
    },
  );

  // Dedicated accounts --------------------------------------------------------------------------------------
  app.post(
    '/api/v1/contracts/:id/dedicated-accounts',
    {
      config: { access: { roles: ['admin', 'official'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: Type.Object({ purpose: Purpose, ...AccountInput.properties }, { additionalProperties: false }),
        response: { 200: Registered(DedicatedAccount), 201: Registered(DedicatedAccount) },
      },
    },
    async (request, reply) => {
      const contractId = BigInt(request.params.id);
      const body = request.body;
      const requested = {
        bank_code: knownBank(body.bankCode, 'bankCode'),
        account_number: accountNumber(body.accountNumber, 'accountNumber'),
        holder_name: body.holderName,
      };
      const outcome = await auditedWrite(db, request.caller, now(), async (tx) => {
        await visibleContractOrRefuse(tx, request.caller, contractId);
        const bank = await tx
          .selectFrom('banks')
          .select('id')
          .where('code', '=', requested.bank_code)
          .where('participating', '=', true)
          .executeTakeFirst();
        if (!bank) refuse('unknown_bank', 'bankCode');
        const existing = await tx
          .selectFrom('dedicated_accounts')
          .selectAll()
          .where('contract_id', '=', contractId)
          .where('purpose', '=', body.purpose)
          .executeTakeFirst();
        const registered = await registerOnce({
          existing,
          content: (row) => ({
            bank_code: row.bank_code,
            account_number: row.account_number,
            holder_name: row.holder_name,
          }),
          requested,
          conflictField: 'purpose',
          create: () =>
            tx
              .insertInto('dedicated_accounts')
              .values({ ...requested, contract_id: contractId, purpose: body.purpose })
              .returningAll()
              .executeTakeFirstOrThrow(),
        });
        return {
          outcome: registered,
          audit: createdAudit(registered, 'dedicated_account', (row) => ({ id: row.id, contractId })),
        };
      });
      const row = outcome.record;
      return reply.status(statusOf(outcome)).send({
        result: outcome.result,
        record: {
          id: String(row.id),
          contractId: String(row.contract_id),
          purpose: row.purpose,
          bankCode: row.bank_code,
          accountNumber: row.account_number,
          holderName: row.holder_name,
        },
      });
    },
  );

  app.get(
    '/api/v1/contracts/:id/dedicated-accounts',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'bank'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(DedicatedAccount) }) },
      },
    },
    async (request) => {
      const contractId = BigInt(request.params.id);
      await visibleContractOrRefuse(db, request.caller, contractId, 'not_found');
      const rows = await db
        .selectFrom('dedicated_accounts')
        .selectAll()
        .where('contract_id', '=', contractId)
        .orderBy('id')
        .execute();
      return {
        items: rows.map((row) => ({
          id: String(row.id),
          contractId: String(row.contract_id),
          purpose: row.purpose,
          bankCode: row.bank_code,
          accountNumber: row.account_number,
          holderName: row.holder_name,
        })),
      };
    },
  );

  // Subcontracts --------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/contracts/:id/subcontracts',
    {
      config: { access: { roles: ['admin', 'prime', 'subcontractor'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: Type.Object(
          {
            reference: Type.String({ minLength: 1, maxLength: 64 }),
            parentSubcontractId: Type.Optional(IdText),
            firm: FirmInput,
            title: Name,
            amountWon: WonText,
            startsOn: CivilDateText,
            endsOn: CivilDateText,
            payeeAccount: Type.Optional(AccountInput),
          },
          { additionalProperties: false },
        ),
        response: { 200: Registered(Subcontract), 201: Registered(Subcontract) },
      },
    },
    async (request, reply) => {
      const contractId = BigInt(request.params.id);
      const body = request.body;
      const caller = request.caller;
      const amount = positiveWon(body.amountWon, 'amountWon');
      const startsOn = date(body.startsOn, 'startsOn');
      const endsOn = date(body.endsOn, 'endsOn');
      if (endsOn < startsOn) refuse('invalid_period', 'endsOn');
      const outcome = await auditedWrite(db, caller, now(), async (tx) => {
        const contract = await visibleContractOrRefuse(tx, caller, contractId);
        const parent = body.parentSubcontractId
          ? await tx
              .selectFrom('subcontracts')
              .selectAll()
              .where('id', '=', BigInt(body.parentSubcontractId))
              .where('contract_id', '=', contractId)
              .executeTakeFirst()
          : undefined;
        if (body.parentSubcontractId && !parent) refuse('unknown_subcontract', 'parentSubcontractId');
        // The party that lets the work: the prime for tier 1, the parent's holder below it.
        const contractorFirmId = parent ? parent.firm_id : contract.prime_firm_id;
        if (isFirmCaller(caller) && caller.firmId !== contractorFirmId) refuse('not_party_to_contract');
        const audit: AuditEntry[] = [];
        const firm = await registerFirm(tx, body.firm, 'firm.businessNumber');
        audit.push(...firm.audit);
        const requested = {
          parent_subcontract_id: parent?.id ?? null,
          firm_id: firm.outcome.record.id,
          title: body.title,
          amount_won: amount,
          starts_on: startsOn,
          ends_on: endsOn,
        };
        const existing = await tx
          .selectFrom('subcontracts')
          .selectAll()
          .where('contract_id', '=', contractId)
          .where('reference', '=', body.reference)
          .executeTakeFirst();
        if (!existing) {
          // Subcontracts let under one party never exceed what that party was itself contracted for.
          const siblings = await tx
            .selectFrom('subcontracts')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('amount_won'), sql<bigint>`0`).as('total'))
            .where('contract_id', '=', contractId)
            .where('parent_subcontract_id', parent ? '=' : 'is', parent ? parent.id : null)
            .executeTakeFirstOrThrow();
          const ceiling = parent ? parent.amount_won : contract.amount_won;
          if (BigInt(siblings.total) + amount > ceiling) refuse('subcontract_exceeds_contract', 'amountWon');
        }
        const registered = await registerOnce({
          existing,
          content: (row) => ({
            parent_subcontract_id: row.parent_subcontract_id,
            firm_id: row.firm_id,
            title: row.title,
            amount_won: row.amount_won,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
          }),
          requested,
          conflictField: 'reference',
          create: async () => {
            const account = body.payeeAccount
              ? await registerPayeeAccount(
                  tx,
                  'firm',
                  firm.outcome.record.id,
                  firm.outcome.record.name,
                  body.payeeAccount,
                  'payeeAccount',
                )
              : undefined;
            if (account) audit.push(...account.audit);
            return tx
              .insertInto('subcontracts')
              .values({
                ...requested,
                contract_id: contractId,
                reference: body.reference,
                contractor_firm_id: contractorFirmId,
                tier: parent ? parent.tier + 1 : 1,
                payee_account_id: account?.outcome.record.id ?? null,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          },
        });
        audit.push(...createdAudit(registered, 'subcontract', (row) => ({ id: row.id, contractId })));
        return { outcome: registered, audit };
      });
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: subcontractOut(outcome.record) });
    },
  );

  app.get(
    '/api/v1/contracts/:id/subcontracts',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'bank'] } },
      schema: { tags: ['registry'], params: IdParams, querystring: PageQuery, response: { 200: Page(Subcontract) } },
    },
    async (request) => {
      const contractId = BigInt(request.params.id);
      await visibleContractOrRefuse(db, request.caller, contractId, 'not_found');
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('subcontracts')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where(subcontractVisible(request.caller))
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, subcontractOut);
    },
  );

  // Supply contracts ----------------------------------------------------------------------------------------
  app.post(
    '/api/v1/contracts/:id/supply-contracts',
    {
      config: { access: { roles: ['admin', 'prime', 'subcontractor'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: Type.Object(
          {
            reference: Type.String({ minLength: 1, maxLength: 64 }),
            subcontractId: Type.Optional(IdText),
            firm: FirmInput,
            kind: Type.Union([Type.Literal('material'), Type.Literal('equipment')]),
            title: Name,
            amountWon: WonText,
            payeeAccount: Type.Optional(AccountInput),
          },
          { additionalProperties: false },
        ),
        response: { 200: Registered(SupplyContract), 201: Registered(SupplyContract) },
      },
    },
    async (request, reply) => {
      const contractId = BigInt(request.params.id);
      const body = request.body;
      const caller = request.caller;
      const amount = positiveWon(body.amountWon, 'amountWon');
      const outcome = await auditedWrite(db, caller, now(), async (tx) => {
        const contract = await visibleContractOrRefuse(tx, caller, contractId);
        const subcontract = body.subcontractId
          ? await tx
              .selectFrom('subcontracts')
              .selectAll()
              .where('id', '=', BigInt(body.subcontractId))
              .where('contract_id', '=', contractId)
              .executeTakeFirst()
          : undefined;
        if (body.subcontractId && !subcontract) refuse('unknown_subcontract', 'subcontractId');
        const buyerFirmId = subcontract ? subcontract.firm_id : contract.prime_firm_id;
        if (isFirmCaller(caller) && caller.firmId !== buyerFirmId) refuse('not_party_to_contract');
        const audit: AuditEntry[] = [];
        const firm = await registerFirm(tx, body.firm, 'firm.businessNumber');
        audit.push(...firm.audit);
        const requested = {
          subcontract_id: subcontract?.id ?? null,
          firm_id: firm.outcome.record.id,
          kind: body.kind,
          title: body.title,
          amount_won: amount,
        };
        const existing = await tx
          .selectFrom('supply_contracts')
          .selectAll()
          .where('contract_id', '=', contractId)
          .where('reference', '=', body.reference)
          .executeTakeFirst();
        const registered = await registerOnce({
          existing,
          content: (row) => ({
            subcontract_id: row.subcontract_id,
            firm_id: row.firm_id,
            kind: row.kind,
            title: row.title,
            amount_won: row.amount_won,
          }),
          requested,
          conflictField: 'reference',
          create: async () => {
            const account = body.payeeAccount
              ? await registerPayeeAccount(
                  tx,
                  'firm',
                  firm.outcome.record.id,
                  firm.outcome.record.name,
                  body.payeeAccount,
                  'payeeAccount',
                )
              : undefined;
            if (account) audit.push(...account.audit);
            return tx
              .insertInto('supply_contracts')
              .values({
                ...requested,
                contract_id: contractId,
                reference: body.reference,
                buyer_firm_id: buyerFirmId,
                payee_account_id: account?.outcome.record.id ?? null,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          },
        });
        audit.push(...createdAudit(registered, 'supply_contract', (row) => ({ id: row.id, contractId })));
        return { outcome: registered, audit };
      });
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: supplyOut(outcome.record) });
    },
  );

  app.get(
    '/api/v1/contracts/:id/supply-contracts',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank'] } },
      schema: { tags: ['registry'], params: IdParams, querystring: PageQuery, response: { 200: Page(SupplyContract) } },
    },
    async (request) => {
      const contractId = BigInt(request.params.id);
      await visibleContractOrRefuse(db, request.caller, contractId, 'not_found');
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('supply_contracts')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where(supplyVisible(request.caller))
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, supplyOut);
    },
  );

  // Workers -------------------------------------------------------------------------------------------------
  app.post(
    '/api/v1/contracts/:id/workers',
    {
      config: { access: { roles: ['admin', 'prime', 'subcontractor'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: Type.Object(
          {
            name: Name,
            phone: Type.String({ minLength: 9, maxLength: 20 }),
            locale: Type.Optional(Locale),
            subcontractId: Type.Optional(IdText),
            trade: Name,
            dailyWageWon: WonText,
            startsOn: CivilDateText,
            account: AccountInput,
          },
          { additionalProperties: false },
        ),
        response: { 200: Registered(Engagement), 201: Registered(Engagement) },
      },
    },
    async (request, reply) => {
      const contractId = BigInt(request.params.id);
      const outcome = await auditedWrite(db, request.caller, now(), (tx) =>
        registerWorker(tx, request.caller, contractId, request.body),
      );
      const row = outcome.record;
      return reply.status(statusOf(outcome)).send({
        result: outcome.result,
        record: engagementOut({ ...row, worker_name: outcome.worker.name, phone_e164: outcome.worker.phone_e164 }),
      });
    },
  );

  app.get(
    '/api/v1/contracts/:id/workers',
    {
      config: { access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'worker'] } },
      schema: { tags: ['registry'], params: IdParams, querystring: PageQuery, response: { 200: Page(Engagement) } },
    },
    async (request) => {
      const contractId = BigInt(request.params.id);
      await visibleContractOrRefuse(db, request.caller, contractId, 'not_found');
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('worker_engagements')
        .innerJoin('workers', 'workers.id', 'worker_engagements.worker_id')
        .selectAll('worker_engagements')
        .select(['workers.name as worker_name', 'workers.phone_e164'])
        .where('worker_engagements.contract_id', '=', contractId)
        .where(engagementVisible(request.caller))
        .$call(keysetWindow(request.query, limit, 'worker_engagements.id'))
        .execute();
      return pageOf(rows, limit, engagementOut);
    },
  );

  // Payee accounts ------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/payee-accounts',
    {
      config: { access: { roles: ['admin', 'auditor', 'prime', 'subcontractor', 'supplier'] } },
      schema: { tags: ['registry'], querystring: PageQuery, response: { 200: Page(PayeeAccount) } },
    },
    async (request) => {
      const caller = request.caller;
      const limit = limitOf(request.query);
      const rows = await db
        .selectFrom('payee_accounts')
        .selectAll()
        .$if(isFirmCaller(caller), (q) =>
          q.where('owner_kind', '=', 'firm').where('owner_id', '=', (caller as { firmId: bigint }).firmId),
        )
        .$call(keysetWindow(request.query, limit))
        .execute();
      return pageOf(rows, limit, payeeAccountOut);
    },
  );

  app.post(
    '/api/v1/payee-accounts',
    {
      config: { access: { roles: ['prime', 'subcontractor', 'supplier'] } },
      schema: {
        tags: ['registry'],
        body: AccountInput,
        response: { 200: Registered(PayeeAccount), 201: Registered(PayeeAccount) },
      },
    },
    async (request, reply) => {
      const caller = request.caller;
      if (!isFirmCaller(caller)) return refuse('forbidden');
      requireStepUp(request, realTimeOf(context).now());
      const outcome = await auditedWrite(db, caller, now(), async (tx) => {
        const firm = await tx
          .selectFrom('firms')
          .select(['id', 'name'])
          .where('id', '=', caller.firmId)
          .executeTakeFirstOrThrow();
        const account = await registerPayeeAccount(tx, 'firm', firm.id, firm.name, request.body, '');
        return { outcome: account.outcome, audit: account.audit };
      });
      return reply.status(statusOf(outcome)).send({ result: outcome.result, record: payeeAccountOut(outcome.record) });
    },
  );

  app.post(
    '/api/v1/payee-accounts/:id/verify',
    {
      config: { access: { roles: ['admin', 'official', 'prime', 'subcontractor', 'supplier'] } },
      schema: { tags: ['registry'], params: IdParams, response: { 200: PayeeAccount } },
    },
    async (request) => {
      const accountId = BigInt(request.params.id);
      const account = await visiblePayeeAccountOrRefuse(request.caller, accountId);
      const answer = await context.accountHolderCheck(account.bank_code, account.account_number);
      if (answer.kind === 'unavailable') return refuse('bank_unavailable', undefined, answer.reason);
      const at = now();
      const verified =
        answer.kind === 'found' && normaliseHolderName(answer.holderName) === normaliseHolderName(account.holder_name);
      const updated = await auditedWrite(db, request.caller, at, async (tx) => {
        const row = await tx
          .updateTable('payee_accounts')
          .set({
            verification: verified ? 'verified' : 'mismatch',
            verified_holder_name: answer.kind === 'found' ? answer.holderName : null,
            verified_at: verified ? at : null,
            verified_by: verified ? 'bank' : null,
            updated_at: at,
          })
          .where('id', '=', accountId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return {
          outcome: row,
          audit: [
            {
              action: 'payee_account.verified_with_bank',
              entity: 'payee_account',
              entityId: accountId,
              before: { verification: account.verification },
              after: { verification: row.verification, bankAnswer: answer.kind },
            },
          ],
        };
      });
      return payeeAccountOut(updated);
    },
  );

  app.post(
    '/api/v1/payee-accounts/:id/mark-verified',
    {
      config: { access: { roles: ['official', 'admin'] } },
      schema: {
        tags: ['registry'],
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: PayeeAccount },
      },
    },
    async (request) => {
      const accountId = BigInt(request.params.id);
      requireStepUp(request, realTimeOf(context).now());
      const account = await visiblePayeeAccountOrRefuse(request.caller, accountId);
      const at = now();
      const updated = await auditedWrite(db, request.caller, at, async (tx) => {
        const row = await tx
          .updateTable('payee_accounts')
          .set({ verification: 'verified', verified_at: at, verified_by: request.caller.label, updated_at: at })
          .where('id', '=', accountId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return {
          outcome: row,
          audit: [
            {
              action: 'payee_account.verified_by_hand',
              entity: 'payee_account',
              entityId: accountId,
              before: { verification: account.verification },
              after: { verification: 'verified', reason: request.body.reason },
            },
          ],
        };
      });
      return payeeAccountOut(updated);
    },
  );

  /** An account the caller may act on: its own firm's, or one used on a contract it may see. */
  async function visiblePayeeAccountOrRefuse(caller: Caller, accountId: bigint) {
    const account = await db.selectFrom('payee_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    if (!account) return refuse('not_found');
    if (seesEverything(caller)) return account;
    if (isFirmCaller(caller) && account.owner_kind === 'firm' && account.owner_id === caller.firmId) return account;
    const usedOnVisibleContract = await db
      .selectFrom('contracts')
      .select('contracts.id')
      .where(contractVisible(caller))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('subcontracts')
              .select('subcontracts.id')
              .whereRef('subcontracts.contract_id', '=', 'contracts.id')
              .where('subcontracts.payee_account_id', '=', accountId),
          ),
          eb.exists(
            eb
              .selectFrom('supply_contracts')
              .select('supply_contracts.id')
              .whereRef('supply_contracts.contract_id', '=', 'contracts.id')
              .where('supply_contracts.payee_account_id', '=', accountId),
          ),
          eb.exists(
            eb
              .selectFrom('worker_engagements')
              .select('worker_engagements.id')
              .whereRef('worker_engagements.contract_id', '=', 'contracts.id')
              .where('worker_engagements.payee_account_id', '=', accountId),
          ),
        ]),
      )
      .executeTakeFirst();
    return usedOnVisibleContract ? account : refuse('not_found');
  }
};

// ---- Shared steps -----------------------------------------------------------------------------------------

const statusOf = (outcome: { result: 'created' | 'exists' }) => (outcome.result === 'created' ? 201 : 200);

function createdAudit<R>(
  registered: RegisterResult<R>,
  entity: string,
  ids: (row: R) => { id: bigint; contractId?: bigint },
): AuditEntry[] {
  if (registered.result !== 'created') return [];
  const { id, contractId } = ids(registered.record);
  return [
    { action: `${entity}.registered`, entity, entityId: id, contractId: contractId ?? null, after: registered.record },
  ];
}

type EngagementRow = Row<{
  contract_id: bigint;
  worker_id: bigint;
  worker_name: string | null;
  phone_e164: string | null;
  employer_firm_id: bigint;
  subcontract_id: bigint | null;
  trade: string;
  daily_wage_won: bigint;
  starts_on: string;
  payee_account_id: bigint | null;
}>;
function engagementOut(row: EngagementRow) {
  return {
    id: String(row.id),
    contractId: String(row.contract_id),
    workerId: String(row.worker_id),
    workerName: row.worker_name,
    phoneMasked: row.phone_e164 ? maskPhone(row.phone_e164) : null,
    employerFirmId: String(row.employer_firm_id),
    subcontractId: idOrNull(row.subcontract_id),
    trade: row.trade,
    dailyWageWon: String(row.daily_wage_won),
    startsOn: row.starts_on,
    payeeAccountId: idOrNull(row.payee_account_id),
  };
}

async function visibleContractOrRefuse(
  tx: Tx | import('../db/database.ts').Db,
  caller: Caller,
  contractId: bigint,
  refusal: 'unknown_contract' | 'not_found' = 'unknown_contract',
) {
  const contract = await tx
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .where(contractVisible(caller))
    .executeTakeFirst();
  return contract ?? refuse(refusal, refusal === 'unknown_contract' ? 'id' : undefined);
}

type FirmInputValue = {
  businessNumber: string;
  name: string;
  nameEn?: string;
  representative?: string;
  phone?: string;
  locale?: 'ko' | 'en';
};

/** Registers a firm by business number, or finds it (same content: `exists`; different: conflict). */
async function registerFirm(tx: Tx, input: FirmInputValue, field: string) {
  const number = businessNumber(input.businessNumber, field);
  const phone =
    input.phone === undefined
      ? null
      : (parseKoreanMobile(input.phone) ?? refuse('invalid_phone', field.replace('businessNumber', 'phone')));
  const requested = {
    name: input.name,
    name_en: input.nameEn ?? null,
    representative: input.representative ?? null,
    phone_e164: phone,
  };
  const existing = await tx.selectFrom('firms').selectAll().where('business_number', '=', number).executeTakeFirst();
  // A firm already known is referenced by its number and name; details it was registered with stand.
  const registered = await registerOnce({
    existing,
    content: (row) => ({
      name: row.name,
      name_en: input.nameEn === undefined ? null : row.name_en,
      representative: input.representative === undefined ? null : row.representative,
      phone_e164: input.phone === undefined ? null : row.phone_e164,
    }),
    requested,
    conflictField: field,
    create: () =>
      tx
        .insertInto('firms')
        .values({ business_number: number, ...requested, locale: input.locale ?? 'ko' })
        .returningAll()
        .executeTakeFirstOrThrow(),
  });
  return { outcome: registered, audit: createdAudit(registered, 'firm', (row) => ({ id: row.id })) };
}

/** Registers a payee account in its owner's name; an account already registered must be the same owner's. */
async function registerPayeeAccount(
  tx: Tx,
  ownerKind: 'firm' | 'worker',
  ownerId: bigint,
  ownerName: string,
  input: { bankCode: string; accountNumber: string; holderName: string },
  field: string,
) {
  const prefix = field ? `${field}.` : '';
  const bankCode = knownBank(input.bankCode, `${prefix}bankCode`);
  const number = accountNumber(input.accountNumber, `${prefix}accountNumber`);
  if (normaliseHolderName(input.holderName) !== normaliseHolderName(ownerName))
    refuse('account_owner_mismatch', `${prefix}holderName`);
  const existing = await tx
    .selectFrom('payee_accounts')
    .selectAll()
    .where('bank_code', '=', bankCode)
    .where('account_number', '=', number)
    .executeTakeFirst();
  const registered = await registerOnce({
    existing,
    content: (row) => ({ owner_kind: row.owner_kind, owner_id: row.owner_id, holder_name: row.holder_name }),
    requested: { owner_kind: ownerKind, owner_id: ownerId, holder_name: input.holderName },
    conflictField: `${prefix}accountNumber`,
    create: () =>
      tx
        .insertInto('payee_accounts')
        .values({
          owner_kind: ownerKind,
          owner_id: ownerId,
          bank_code: bankCode,
          account_number: number,
          holder_name: input.holderName,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
  });
  return {
    outcome: registered,
    audit: createdAudit(registered, 'payee_account', (row) => ({ id: row.id })).map((entry) => ({
      ...entry,
      after: payeeAccountOut(registered.record),
    })),
  };
}

/** What registers one worker on a contract: the single registration route's body, and one roster row. */
export type WorkerInput = {
  readonly name: string;
  readonly phone: string;
  readonly locale?: 'ko' | 'en';
  readonly subcontractId?: string;
  readonly trade: string;
  readonly dailyWageWon: string;
  readonly startsOn: string;
  readonly account: { readonly bankCode: string; readonly accountNumber: string; readonly holderName: string };
};

/**
 * Registers a worker and their engagement on a contract inside the caller's transaction (the one rule set for
 * the single route and the roster import); refusals throw and leave the transaction to be rolled back.
 */
export async function registerWorker(tx: Tx, caller: Caller, contractId: bigint, body: WorkerInput) {
  const phone = parseKoreanMobile(body.phone) ?? refuse('invalid_phone', 'phone');
  const wage = positiveWon(body.dailyWageWon, 'dailyWageWon');
  const startsOn = date(body.startsOn, 'startsOn');
  // Wages go only to the worker's own-name account (Labor Standards Act §43).
  if (normaliseHolderName(body.account.holderName) !== normaliseHolderName(body.name))
    refuse('account_owner_mismatch', 'account.holderName');
  const contract = await visibleContractOrRefuse(tx, caller, contractId);
  const subcontract = body.subcontractId
    ? await tx
        .selectFrom('subcontracts')
        .selectAll()
        .where('id', '=', BigInt(body.subcontractId))
        .where('contract_id', '=', contractId)
        .executeTakeFirst()
    : undefined;
  if (body.subcontractId && !subcontract) refuse('unknown_subcontract', 'subcontractId');
  const employerFirmId = subcontract ? subcontract.firm_id : contract.prime_firm_id;
  if (isFirmCaller(caller) && caller.firmId !== employerFirmId) refuse('not_party_to_contract');
  const audit: AuditEntry[] = [];
  let worker = await tx.selectFrom('workers').selectAll().where('phone_e164', '=', phone).executeTakeFirst();
  if (worker && worker.name !== body.name) refuse('conflict', 'phone');
  if (!worker) {
    worker = await tx
      .insertInto('workers')
      .values({
        name: body.name,
        phone_e164: phone,
        locale: body.locale ?? 'ko',
        registered_by_firm_id: employerFirmId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    audit.push({
      action: 'worker.registered',
      entity: 'worker',
      entityId: worker.id,
      after: { id: worker.id, phone: maskPhone(phone) },
    });
  }
  const workerId = worker.id;
  const requested = {
    subcontract_id: subcontract?.id ?? null,
    trade: body.trade,
    daily_wage_won: wage,
    starts_on: startsOn,
  };
  const existing = await tx
    .selectFrom('worker_engagements')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('worker_id', '=', workerId)
    .where('employer_firm_id', '=', employerFirmId)
    .executeTakeFirst();
  const registered = await registerOnce({
    existing,
    content: (row) => ({
      subcontract_id: row.subcontract_id,
      trade: row.trade,
      daily_wage_won: row.daily_wage_won,
      starts_on: row.starts_on,
    }),
    requested,
    conflictField: 'phone',
    create: async () => {
      const account = await registerPayeeAccount(tx, 'worker', workerId, body.name, body.account, 'account');
      audit.push(...account.audit);
      return tx
        .insertInto('worker_engagements')
        .values({
          ...requested,
          contract_id: contractId,
          worker_id: workerId,
          employer_firm_id: employerFirmId,
          payee_account_id: account.outcome.record.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  });
  audit.push(...createdAudit(registered, 'worker_engagement', (row) => ({ id: row.id, contractId })));
  return { outcome: { ...registered, worker }, audit };
}
