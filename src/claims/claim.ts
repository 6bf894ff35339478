import { canonicalJson } from '../audit/canonical-json.ts';
import type { ClaimLineKind, ClaimStatus, Purpose } from '../db/schema.ts';
import { assert } from '../kernel/assert.ts';
import { type CivilDate, daysBetween } from '../kernel/civil-date.ts';
import type { Won } from '../kernel/money.ts';

/**
 * A progress claim (기성 청구) and its division (DESIGN §2 step 2): the pure rules that decide whether a claim
 * may be submitted, and the states it moves through. No I/O: the store loads the facts, these functions decide.
 */

/** One division line as the prime submits it. Optional fields default from the registry. */
export type ClaimLineInput = {
  readonly kind: ClaimLineKind;
  /** For `subcontract` lines, and for `advance` lines that pay a subcontractor. */
  readonly subcontractId?: bigint;
  readonly supplyContractId?: bigint;
  readonly workerEngagementId?: bigint;
  /** The account to pay; by default the one registered for the subcontract, supply contract or worker. */
  readonly payeeAccountId?: bigint;
  /** Required except for labour lines, whose amount is days × daily wage (given, it must match). */
  readonly amountWon?: Won;
  readonly daysWorked?: number;
  /** By default the engagement's registered daily wage; given, it must match it. */
  readonly dailyWageWon?: Won;
  /** When the work or goods were delivered (for the 60-day outer limit); by default the period's end. */
  readonly deliveredOn?: CivilDate;
};

export type ClaimDraft = {
  readonly periodStart: CivilDate;
  readonly periodEnd: CivilDate;
  readonly totalWon: Won;
  readonly lines: readonly ClaimLineInput[];
};

/** What the registry and earlier claims say, as the store loads them for one contract. */
export type ClaimFacts = {
  readonly today: CivilDate;
  readonly contract: {
    readonly id: bigint;
    readonly primeFirmId: bigint;
    readonly amountWon: bigint;
    readonly advanceWon: bigint;
    readonly startsOn: CivilDate;
    readonly endsOn: CivilDate;
  };
  readonly dedicatedPurposes: ReadonlySet<Purpose>;
  readonly subcontracts: ReadonlyMap<
    bigint,
    {
      readonly firmId: bigint;
      readonly parentId: bigint | null;
      readonly amountWon: bigint;
      readonly payeeAccountId: bigint | null;
    }
  >;
  readonly supplyContracts: ReadonlyMap<
    bigint,
    {
      readonly firmId: bigint;
      readonly subcontractId: bigint | null;
      readonly amountWon: bigint;
      readonly payeeAccountId: bigint | null;
    }
  >;
  readonly engagements: ReadonlyMap<
    bigint,
    {
      readonly workerId: bigint;
      readonly employerFirmId: bigint;
      readonly subcontractId: bigint | null;
      readonly dailyWageWon: bigint;
      readonly payeeAccountId: bigint | null;
    }
  >;
  readonly payeeAccounts: ReadonlyMap<
    bigint,
    { readonly ownerKind: 'firm' | 'worker' | 'bank'; readonly ownerId: bigint; readonly verified: boolean }
  >;
  /** What the contract's other live claims (every status but `rejected`) already claim, aggregated. */
  readonly earlierShares: readonly ClaimedShare[];
  /** The periods of the contract's other claims. */
  readonly otherPeriods: readonly { readonly start: CivilDate; readonly end: CivilDate }[];
};

/** A line once its references are resolved: what is stored, and what becomes an obligation when paid. */
export type ResolvedLine = {
  readonly kind: ClaimLineKind;
  readonly subcontractId: bigint | null;
  readonly supplyContractId: bigint | null;
  readonly workerEngagementId: bigint | null;
  readonly workerId: bigint | null;
  readonly employerFirmId: bigint | null;
  readonly payeeKind: 'firm' | 'worker';
  readonly payeeId: bigint;
  readonly payeeAccountId: bigint;
  readonly daysWorked: number | null;
  readonly dailyWageWon: bigint | null;
  readonly amountWon: bigint;
  readonly deliveredOn: CivilDate | null;
};

/**
 * What a line claims against the contracts above it: the subcontract whose work it pays (directly, through a
 * supply contract let by that subcontractor, or through a worker it employs), and the supply contract.
 */
export type ClaimedShare = {
  readonly kind: ClaimLineKind;
  readonly subcontractId: bigint | null;
  readonly supplyContractId: bigint | null;
  readonly amountWon: bigint;
};

/** The refusals a claim's content can cause, each with the field it names. */
export type ClaimRefusal =
  | 'invalid_request'
  | 'invalid_period'
  | 'invalid_date'
  | 'period_already_claimed'
  | 'division_must_sum_to_total'
  | 'payee_not_registered'
  | 'payee_account_unverified'
  | 'labour_account_not_own'
  | 'labour_amount_mismatch'
  | 'labour_days_exceed_period'
  | 'duplicate_line'
  | 'dedicated_account_missing'
  | 'share_exceeds_remaining';

export type ClaimValidation =
  | { readonly result: 'valid'; readonly lines: readonly ResolvedLine[] }
  | { readonly result: ClaimRefusal; readonly field: string; readonly detail?: string };

/** Which dedicated account pays a line: wages from the labour account, advances from the advance account. */
export const sourcePurposeOf = (kind: ClaimLineKind): Purpose =>
  kind === 'labour' ? 'labour' : kind === 'advance' ? 'advance' : 'progress';

/**
 * Decides whether a draft may be submitted: the lines sum to the total; every reference is registered on the
 * contract; every payee account is the payee's own, registered and verified (wages only to the worker's own
 * account); labour amounts are days × wage; no line exceeds what remains on its contract — or on any contract
 * above it — after the contract's other claims; the period is not claimed twice. Refusals name the first
 * offending field. Pure.
 */
export function validateClaim(draft: ClaimDraft, facts: ClaimFacts): ClaimValidation {
  const { contract } = facts;
  if (draft.periodEnd < draft.periodStart) return { result: 'invalid_period', field: 'periodEnd' };
  if (draft.periodStart < contract.startsOn || draft.periodStart > contract.endsOn) {
    return { result: 'invalid_period', field: 'periodStart', detail: 'the period starts outside the contract' };
  }
  if (draft.periodEnd > facts.today) {
    return { result: 'invalid_period', field: 'periodEnd', detail: 'a period is claimed once it has ended' };
  }
  for (const other of facts.otherPeriods) {
    if (other.start <= draft.periodEnd && draft.periodStart <= other.end) {
      return { result: 'period_already_claimed', field: 'periodStart', detail: `${other.start} … ${other.end}` };
    }
  }

  const lines: ResolvedLine[] = [];
  const seen = new Set<string>();
  for (const [index, input] of draft.lines.entries()) {
    const resolved = resolveLine(input, `lines[${index}]`, draft, facts);
    if ('result' in resolved) return resolved;
    const identity = `${resolved.kind}:${resolved.subcontractId ?? ''}:${resolved.supplyContractId ?? ''}:${resolved.workerEngagementId ?? ''}:${resolved.payeeAccountId}`;
    if (seen.has(identity)) return { result: 'duplicate_line', field: `lines[${index}]` };
    seen.add(identity);
    if (!facts.dedicatedPurposes.has(sourcePurposeOf(resolved.kind))) {
      return {
        result: 'dedicated_account_missing',
        field: `lines[${index}].kind`,
        detail: `no ${sourcePurposeOf(resolved.kind)} dedicated account`,
      };
    }
    lines.push(resolved);
  }

  let sum = 0n;
  for (const line of lines) sum += line.amountWon;
  if (sum !== draft.totalWon) {
    return { result: 'division_must_sum_to_total', field: 'totalWon', detail: `lines sum to ${sum}` };
  }

  const earlier = claimedAmounts(facts.earlierShares, facts);
  const running = claimedAmounts([], facts);
  for (const [index, line] of lines.entries()) {
    const share = shareOf(line, facts);
    addClaimed(running, share, facts);
    const field = `lines[${index}].amountWon`;
    if (earlier.contractWon + running.contractWon > contract.amountWon) {
      return {
        result: 'share_exceeds_remaining',
        field,
        detail: `the contract has ${remaining(contract.amountWon, earlier.contractWon)} won left`,
      };
    }
    if (line.kind === 'advance' && earlier.advanceWon + running.advanceWon > contract.advanceWon) {
      return {
        result: 'share_exceeds_remaining',
        field,
        detail: `the advance has ${remaining(contract.advanceWon, earlier.advanceWon)} won left`,
      };
    }
    for (const subcontractId of chainOf(share.subcontractId, facts)) {
      const ceiling = facts.subcontracts.get(subcontractId)!.amountWon;
      const claimed =
        (earlier.bySubcontract.get(subcontractId) ?? 0n) + (running.bySubcontract.get(subcontractId) ?? 0n);
      if (claimed > ceiling) {
        return {
          result: 'share_exceeds_remaining',
          field,
          detail: `subcontract ${subcontractId} has ${remaining(ceiling, earlier.bySubcontract.get(subcontractId) ?? 0n)} won left`,
        };
      }
    }
    if (line.supplyContractId !== null) {
      const ceiling = facts.supplyContracts.get(line.supplyContractId)!.amountWon;
      const claimed =
        (earlier.bySupply.get(line.supplyContractId) ?? 0n) + (running.bySupply.get(line.supplyContractId) ?? 0n);
      if (claimed > ceiling) {
        return {
          result: 'share_exceeds_remaining',
          field,
          detail: `supply contract ${line.supplyContractId} has ${remaining(ceiling, earlier.bySupply.get(line.supplyContractId) ?? 0n)} won left`,
        };
      }
    }
  }
  return { result: 'valid', lines };
}

const remaining = (ceiling: bigint, claimed: bigint) => (ceiling > claimed ? ceiling - claimed : 0n);

function resolveLine(
  input: ClaimLineInput,
  at: string,
  draft: ClaimDraft,
  facts: ClaimFacts,
): ResolvedLine | { result: ClaimRefusal; field: string; detail?: string } {
  const { contract } = facts;
  const deliveredOn = (() => {
    if (input.kind !== 'subcontract' && input.kind !== 'supply') return null;
    return input.deliveredOn ?? draft.periodEnd;
  })();
  if (deliveredOn !== null && (deliveredOn > draft.periodEnd || deliveredOn < contract.startsOn)) {
    return {
      result: 'invalid_date',
      field: `${at}.deliveredOn`,
      detail: 'delivery falls within the contract, by the period end',
    };
  }
  const needs = (present: unknown, field: string) =>
    present === undefined
      ? { result: 'invalid_request' as const, field: `${at}.${field}`, detail: `${input.kind} lines name ${field}` }
      : undefined;
  const refusesExtra = (present: unknown, field: string) =>
    present !== undefined
      ? { result: 'invalid_request' as const, field: `${at}.${field}`, detail: `${input.kind} lines take no ${field}` }
      : undefined;

  if (input.kind !== 'labour') {
    const refusal =
      needs(input.amountWon, 'amountWon') ??
      refusesExtra(input.workerEngagementId, 'workerEngagementId') ??
      refusesExtra(input.daysWorked, 'daysWorked') ??
      refusesExtra(input.dailyWageWon, 'dailyWageWon') ??
      (input.kind === 'supply'
        ? needs(input.supplyContractId, 'supplyContractId')
        : refusesExtra(input.supplyContractId, 'supplyContractId')) ??
      (input.kind === 'subcontract'
        ? needs(input.subcontractId, 'subcontractId')
        : input.kind === 'advance'
          ? undefined
          : refusesExtra(input.subcontractId, 'subcontractId')) ??
      (input.kind === 'own_share' || input.kind === 'advance'
        ? refusesExtra(input.deliveredOn, 'deliveredOn')
        : undefined);
    if (refusal) return refusal;
    assert(input.amountWon !== undefined);
    if (input.amountWon <= 0n)
      return { result: 'invalid_request', field: `${at}.amountWon`, detail: 'an amount above zero' };
  }

  switch (input.kind) {
    case 'own_share':
    case 'advance': {
      const subcontract = input.subcontractId === undefined ? undefined : facts.subcontracts.get(input.subcontractId);
      if (input.subcontractId !== undefined && !subcontract)
        return { result: 'payee_not_registered', field: `${at}.subcontractId` };
      const payeeFirmId = subcontract ? subcontract.firmId : contract.primeFirmId;
      const accountId = input.payeeAccountId ?? subcontract?.payeeAccountId ?? undefined;
      const account = firmAccount(
        accountId,
        payeeFirmId,
        subcontract ? subcontract.payeeAccountId : undefined,
        at,
        facts,
      );
      if ('result' in account) return account;
      return line(input.kind, {
        subcontractId: input.subcontractId ?? null,
        payeeId: payeeFirmId,
        payeeAccountId: account.id,
        amountWon: input.amountWon!,
        deliveredOn: null,
      });
    }
    case 'subcontract': {
      const subcontract = facts.subcontracts.get(input.subcontractId!);
      if (!subcontract) return { result: 'payee_not_registered', field: `${at}.subcontractId` };
      const account = firmAccount(
        input.payeeAccountId ?? subcontract.payeeAccountId ?? undefined,
        subcontract.firmId,
        subcontract.payeeAccountId,
        at,
        facts,
      );
      if ('result' in account) return account;
      return line('subcontract', {
        subcontractId: input.subcontractId!,
        payeeId: subcontract.firmId,
        payeeAccountId: account.id,
        amountWon: input.amountWon!,
        deliveredOn,
      });
    }
    case 'supply': {
      const supply = facts.supplyContracts.get(input.supplyContractId!);
      if (!supply) return { result: 'payee_not_registered', field: `${at}.supplyContractId` };
      const account = firmAccount(
        input.payeeAccountId ?? supply.payeeAccountId ?? undefined,
        supply.firmId,
        supply.payeeAccountId,
        at,
        facts,
      );
      if ('result' in account) return account;
      return line('supply', {
        supplyContractId: input.supplyContractId!,
        payeeId: supply.firmId,
        payeeAccountId: account.id,
        amountWon: input.amountWon!,
        deliveredOn,
      });
    }
    case 'labour': {
      const refusal =
        needs(input.workerEngagementId, 'workerEngagementId') ??
        needs(input.daysWorked, 'daysWorked') ??
        refusesExtra(input.subcontractId, 'subcontractId') ??
        refusesExtra(input.supplyContractId, 'supplyContractId') ??
        refusesExtra(input.deliveredOn, 'deliveredOn');
      if (refusal) return refusal;
      const engagement = facts.engagements.get(input.workerEngagementId!);
      if (!engagement) return { result: 'payee_not_registered', field: `${at}.workerEngagementId` };
      const days = input.daysWorked!;
      if (!Number.isInteger(days) || days < 1) return { result: 'invalid_request', field: `${at}.daysWorked` };
      if (days > daysBetween(draft.periodStart, draft.periodEnd) + 1 || days > 31) {
        return { result: 'labour_days_exceed_period', field: `${at}.daysWorked` };
      }
      const wage = input.dailyWageWon ?? engagement.dailyWageWon;
      if (wage !== engagement.dailyWageWon) {
        return {
          result: 'labour_amount_mismatch',
          field: `${at}.dailyWageWon`,
          detail: `the registered daily wage is ${engagement.dailyWageWon}`,
        };
      }
      const amount = wage * BigInt(days);
      if (input.amountWon !== undefined && input.amountWon !== amount) {
        return {
          result: 'labour_amount_mismatch',
          field: `${at}.amountWon`,
          detail: `${days} days × ${wage} = ${amount}`,
        };
      }
      const accountId = input.payeeAccountId ?? engagement.payeeAccountId ?? undefined;
      if (accountId === undefined) return { result: 'payee_not_registered', field: `${at}.payeeAccountId` };
      const account = facts.payeeAccounts.get(accountId);
      if (!account) return { result: 'payee_not_registered', field: `${at}.payeeAccountId` };
      // Wages go only to the worker's own-name account (Labor Standards Act §43).
      if (account.ownerKind !== 'worker' || account.ownerId !== engagement.workerId) {
        return { result: 'labour_account_not_own', field: `${at}.payeeAccountId` };
      }
      if (!account.verified) return { result: 'payee_account_unverified', field: `${at}.payeeAccountId` };
      return {
        kind: 'labour',
        subcontractId: null,
        supplyContractId: null,
        workerEngagementId: input.workerEngagementId!,
        workerId: engagement.workerId,
        employerFirmId: engagement.employerFirmId,
        payeeKind: 'worker',
        payeeId: engagement.workerId,
        payeeAccountId: accountId,
        daysWorked: days,
        dailyWageWon: wage,
        amountWon: amount,
        deliveredOn: null,
      };
    }
  }
}

/** A firm's payee account: its own, the one registered for the contract when there is one, and verified. */
function firmAccount(
  accountId: bigint | undefined,
  firmId: bigint,
  registeredId: bigint | null | undefined,
  at: string,
  facts: ClaimFacts,
): { id: bigint } | { result: ClaimRefusal; field: string; detail?: string } {
  const field = `${at}.payeeAccountId`;
  if (accountId === undefined)
    return { result: 'payee_not_registered', field, detail: 'no account is registered for this payee' };
  const account = facts.payeeAccounts.get(accountId);
  if (account?.ownerKind !== 'firm' || account.ownerId !== firmId) {
    return { result: 'payee_not_registered', field, detail: "the account is not the payee's own" };
  }
  // A subcontract's or supply contract's share leaves only to the account registered for it.
  if (registeredId !== undefined && registeredId !== null && registeredId !== accountId) {
    return { result: 'payee_not_registered', field, detail: 'not the account registered for this contract' };
  }
  if (!account.verified) return { result: 'payee_account_unverified', field };
  return { id: accountId };
}

function line(
  kind: 'own_share' | 'advance' | 'subcontract' | 'supply',
  fields: {
    subcontractId?: bigint | null;
    supplyContractId?: bigint;
    payeeId: bigint;
    payeeAccountId: bigint;
    amountWon: bigint;
    deliveredOn: CivilDate | null;
  },
): ResolvedLine {
  return {
    kind,
    subcontractId: fields.subcontractId ?? null,
    supplyContractId: fields.supplyContractId ?? null,
    workerEngagementId: null,
    workerId: null,
    employerFirmId: null,
    payeeKind: 'firm',
    payeeId: fields.payeeId,
    payeeAccountId: fields.payeeAccountId,
    daysWorked: null,
    dailyWageWon: null,
    amountWon: fields.amountWon,
    deliveredOn: fields.deliveredOn,
  };
}

type Claimed = {
  contractWon: bigint;
  advanceWon: bigint;
  bySubcontract: Map<bigint, bigint>;
  bySupply: Map<bigint, bigint>;
};

/** The share a resolved line claims; the store aggregates earlier claims' lines into the same shape in SQL. */
export function shareOf(line: ResolvedLine, facts: ClaimFacts): ClaimedShare {
  const subcontractId =
    line.subcontractId ??
    (line.supplyContractId !== null
      ? (facts.supplyContracts.get(line.supplyContractId)?.subcontractId ?? null)
      : null) ??
    (line.workerEngagementId !== null ? (facts.engagements.get(line.workerEngagementId)?.subcontractId ?? null) : null);
  return { kind: line.kind, subcontractId, supplyContractId: line.supplyContractId, amountWon: line.amountWon };
}

/** A subcontract and every subcontract above it: work paid at tier 2 is also work of its tier-1 parent. */
function chainOf(subcontractId: bigint | null, facts: ClaimFacts): bigint[] {
  const chain: bigint[] = [];
  let current = subcontractId;
  while (current !== null) {
    assert(!chain.includes(current) && chain.length < 10, 'subcontract tiers form a short chain');
    chain.push(current);
    current = facts.subcontracts.get(current)?.parentId ?? null;
  }
  return chain;
}

function addClaimed(claimed: Claimed, line: ClaimedShare, facts: ClaimFacts): void {
  claimed.contractWon += line.amountWon;
  if (line.kind === 'advance') claimed.advanceWon += line.amountWon;
  for (const id of chainOf(line.subcontractId, facts)) {
    claimed.bySubcontract.set(id, (claimed.bySubcontract.get(id) ?? 0n) + line.amountWon);
  }
  if (line.supplyContractId !== null) {
    claimed.bySupply.set(line.supplyContractId, (claimed.bySupply.get(line.supplyContractId) ?? 0n) + line.amountWon);
  }
}

function claimedAmounts(lines: readonly ClaimedShare[], facts: ClaimFacts): Claimed {
  const claimed: Claimed = { contractWon: 0n, advanceWon: 0n, bySubcontract: new Map(), bySupply: new Map() };
  for (const line of lines) addClaimed(claimed, line, facts);
  return claimed;
}

/** The hash that makes a submission idempotent: the same draft again is the same claim (DESIGN §8). */
export function claimContentHash(draft: ClaimDraft): string {
  return canonicalJson({
    periodStart: draft.periodStart,
    periodEnd: draft.periodEnd,
    totalWon: draft.totalWon,
    lines: draft.lines,
  });
}

// ---- States ----------------------------------------------------------------------------------------------

/**
 * A claim's life. `direct` (the 2026 rule, the default): submitted → approved → paid, and the division leaves
 * the dedicated accounts at once. `prime_approval` (the older flow): after the buyer pays, the claim waits in
 * `awaiting_release` until the prime approves the division. A rejected claim is edited and resubmitted.
 */
export type ClaimAction = 'submit' | 'resubmit' | 'approve' | 'reject' | 'record_payment' | 'release';
export type ClaimFlow = 'direct' | 'prime_approval';

export type ClaimStateRefusal =
  | 'claim_not_submitted'
  | 'claim_not_rejected'
  | 'claim_not_approved'
  | 'claim_not_awaiting_release';

export function nextClaimStatus(
  status: ClaimStatus,
  action: Exclude<ClaimAction, 'submit'>,
  flow: ClaimFlow,
): { result: 'next'; status: ClaimStatus } | { result: ClaimStateRefusal } {
  switch (action) {
    case 'approve':
      return status === 'submitted' ? { result: 'next', status: 'approved' } : { result: 'claim_not_submitted' };
    case 'reject':
      return status === 'submitted' ? { result: 'next', status: 'rejected' } : { result: 'claim_not_submitted' };
    case 'resubmit':
      return status === 'rejected' ? { result: 'next', status: 'submitted' } : { result: 'claim_not_rejected' };
    case 'record_payment':
      if (status !== 'approved') return { result: 'claim_not_approved' };
      return { result: 'next', status: flow === 'direct' ? 'paid' : 'awaiting_release' };
    case 'release':
      return status === 'awaiting_release'
        ? { result: 'next', status: 'paid' }
        : { result: 'claim_not_awaiting_release' };
  }
}

/** Why an official sends a claim or a line back: a closed set, so reports can count them. */
export const rejectionReasonCodes = [
  'amount_incorrect',
  'work_not_performed',
  'documents_missing',
  'payee_incorrect',
  'labour_record_mismatch',
  'duplicate_claim',
  'other',
] as const;
export type RejectionReasonCode = (typeof rejectionReasonCodes)[number];
