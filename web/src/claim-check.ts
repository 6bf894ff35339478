/**
 * The claim form's checks as the user types: the server's own pure `validateClaim` (src/claims/claim.ts) run over
 * the facts the API loads for the form (`GET /api/v1/contracts/:id/claim-facts`), so the form can never accept
 * what the API refuses or refuse what it accepts. The API still checks everything again on submit.
 */
import {
  type ClaimDraft,
  type ClaimFacts,
  type ClaimLineInput,
  type ClaimValidation,
  validateClaim,
} from '../../src/claims/claim.ts';
import { parseCivilDate } from '../../src/kernel/civil-date.ts';
import type { Won } from '../../src/kernel/money.ts';
import type { ClaimFactsJson, ClaimLineBody } from './api/claim-types.ts';

const id = (text: string) => BigInt(text);
const idOrNull = (text: string | null) => (text === null ? null : BigInt(text));
const wonOf = (text: string) => BigInt(text) as Won;

/** The API's JSON facts as the domain's maps and bigints. */
export function factsFromJson(json: ClaimFactsJson): ClaimFacts {
  const date = (text: string) => {
    const parsed = parseCivilDate(text);
    if (!parsed) throw new Error(`not a civil date: ${text}`);
    return parsed;
  };
  return {
    today: date(json.today),
    contract: {
      id: id(json.contract.id),
      primeFirmId: id(json.contract.primeFirmId),
      amountWon: BigInt(json.contract.amountWon),
      advanceWon: BigInt(json.contract.advanceWon),
      startsOn: date(json.contract.startsOn),
      endsOn: date(json.contract.endsOn),
    },
    dedicatedPurposes: new Set(json.dedicatedPurposes),
    subcontracts: new Map(
      json.subcontracts.map((row) => [
        id(row.id),
        {
          firmId: id(row.firmId),
          parentId: idOrNull(row.parentId),
          amountWon: BigInt(row.amountWon),
          payeeAccountId: idOrNull(row.payeeAccountId),
        },
      ]),
    ),
    supplyContracts: new Map(
      json.supplyContracts.map((row) => [
        id(row.id),
        {
          firmId: id(row.firmId),
          subcontractId: idOrNull(row.subcontractId),
          amountWon: BigInt(row.amountWon),
          payeeAccountId: idOrNull(row.payeeAccountId),
        },
      ]),
    ),
    engagements: new Map(
      json.engagements.map((row) => [
        id(row.id),
        {
          workerId: id(row.workerId),
          employerFirmId: id(row.employerFirmId),
          subcontractId: idOrNull(row.subcontractId),
          dailyWageWon: BigInt(row.dailyWageWon),
          payeeAccountId: idOrNull(row.payeeAccountId),
        },
      ]),
    ),
    payeeAccounts: new Map(
      json.payeeAccounts.map((row) => [
        id(row.id),
        { ownerKind: row.ownerKind, ownerId: id(row.ownerId), verified: row.verified },
      ]),
    ),
    earlierShares: json.earlierShares.map((share) => ({
      kind: share.kind,
      subcontractId: idOrNull(share.subcontractId),
      supplyContractId: idOrNull(share.supplyContractId),
      amountWon: BigInt(share.amountWon),
    })),
    otherPeriods: json.otherPeriods.map((period) => ({ start: date(period.start), end: date(period.end) })),
  };
}

/** The request body the form sends, as the domain's draft (the same conversion the API's route makes). */
export function draftFromBody(body: {
  periodStart: string;
  periodEnd: string;
  totalWon: string;
  lines: readonly ClaimLineBody[];
}): ClaimDraft | { result: 'invalid_date'; field: string } {
  const periodStart = parseCivilDate(body.periodStart);
  if (!periodStart) return { result: 'invalid_date', field: 'periodStart' };
  const periodEnd = parseCivilDate(body.periodEnd);
  if (!periodEnd) return { result: 'invalid_date', field: 'periodEnd' };
  const lines: ClaimLineInput[] = [];
  for (const [index, line] of body.lines.entries()) {
    const deliveredOn = line.deliveredOn === undefined ? undefined : parseCivilDate(line.deliveredOn);
    if (line.deliveredOn !== undefined && !deliveredOn) {
      return { result: 'invalid_date', field: `lines[${index}].deliveredOn` };
    }
    lines.push({
      kind: line.kind,
      ...(line.subcontractId ? { subcontractId: id(line.subcontractId) } : {}),
      ...(line.supplyContractId ? { supplyContractId: id(line.supplyContractId) } : {}),
      ...(line.workerEngagementId ? { workerEngagementId: id(line.workerEngagementId) } : {}),
      ...(line.payeeAccountId ? { payeeAccountId: id(line.payeeAccountId) } : {}),
      ...(line.amountWon !== undefined ? { amountWon: wonOf(line.amountWon) } : {}),
      ...(line.daysWorked !== undefined ? { daysWorked: line.daysWorked } : {}),
      ...(deliveredOn ? { deliveredOn } : {}),
    });
  }
  return { periodStart, periodEnd, totalWon: wonOf(body.totalWon), lines };
}

export type ClaimCheck = ClaimValidation | { result: 'invalid_date'; field: string };

/** The verdict the API would give on this body today: `valid`, or the first refusal with its field. */
export function checkClaimBody(body: Parameters<typeof draftFromBody>[0], facts: ClaimFacts): ClaimCheck {
  const draft = draftFromBody(body);
  if ('result' in draft) return draft;
  return validateClaim(draft, facts);
}

/** What a labour line amounts to (days × the registered wage), for the running sum beside the total. */
export function lineAmountWon(line: ClaimLineBody, facts: ClaimFacts): bigint {
  if (line.amountWon !== undefined) return BigInt(line.amountWon);
  if (line.kind === 'labour' && line.workerEngagementId && line.daysWorked !== undefined) {
    const engagement = facts.engagements.get(BigInt(line.workerEngagementId));
    return engagement ? engagement.dailyWageWon * BigInt(line.daysWorked) : 0n;
  }
  return 0n;
}
