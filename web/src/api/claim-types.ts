/**
 * The claims API's shapes as the claim, payee and worker screens read them (see src/claims/claims.schemas.ts
 * and /api/openapi.json). Ids and amounts are decimal text.
 */
export type ClaimStatus = 'submitted' | 'rejected' | 'approved' | 'awaiting_release' | 'paid';
export type ClaimLineKind = 'own_share' | 'subcontract' | 'supply' | 'labour' | 'advance';

export type Claim = {
  id: string;
  contractId: string;
  sequence: number;
  periodStart: string;
  periodEnd: string;
  status: ClaimStatus;
  flow: string;
  version: number;
  totalWon: string;
  submittedOn: string;
  submittedAt: string;
  decidedAt: string | null;
  paidOn: string | null;
  releasedOn: string | null;
};

export type ClaimLine = {
  id: string;
  lineNo: number;
  kind: ClaimLineKind;
  subcontractId: string | null;
  supplyContractId: string | null;
  workerEngagementId: string | null;
  workerId: string | null;
  employerFirmId: string | null;
  payeeKind: 'firm' | 'worker';
  payeeId: string;
  payeeName: string | null;
  payeeAccountId: string;
  accountMasked: string;
  daysWorked: number | null;
  dailyWageWon: string | null;
  amountWon: string;
  deliveredOn: string | null;
  status: string;
  rejectionCode: string | null;
  rejectionNote: string | null;
};

export type Transition = {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  version: number;
  actor: string;
  at: string;
  reasonCode: string | null;
  note: string | null;
  rejectedLines: { lineId: string; reasonCode: string; note?: string }[] | null;
};

export type ClaimDetail = { claim: Claim; lines: ClaimLine[]; transitions: Transition[] };
export type ClaimResult = { result: string; claim: Claim };

export type Obligation = {
  id: string;
  contractId: string;
  claimId: string;
  claimLineId: string;
  kind: ClaimLineKind;
  payeeKind: 'firm' | 'worker';
  payeeId: string;
  payeeName: string | null;
  payeeAccountId: string;
  accountMasked: string;
  amountWon: string;
  paidWon: string;
  outstandingWon: string;
  overpaidWon: string;
  paidOn: string | null;
  dueOn: string;
  dueBasis: string;
  status: string;
  judgement: string;
  daysLate: number;
  delayInterestWon: string;
};

export type VerificationSummary = {
  obligations: number;
  paidOnTime: number;
  paidLate: number;
  notYetDue: number;
  overdue: number;
  held: number;
  owedWon: string;
  paidWon: string;
  delayInterestWon: string;
  allPaidOnTime: boolean;
};

export type Verification = { claim: Claim; today: string; summary: VerificationSummary; obligations: Obligation[] };
export type PreviousClaimCheck = {
  claimId: string;
  previousClaim: Claim | null;
  summary: VerificationSummary | null;
};

/** A line of the claim body the form sends (src/claims/claims.schemas.ts ClaimLineBody). */
export type ClaimLineBody = {
  kind: ClaimLineKind;
  subcontractId?: string;
  supplyContractId?: string;
  workerEngagementId?: string;
  payeeAccountId?: string;
  amountWon?: string;
  daysWorked?: number;
  deliveredOn?: string;
};

export type ClaimBody = { periodStart: string; periodEnd: string; totalWon: string; lines: ClaimLineBody[] };

/** `GET /api/v1/contracts/:id/claim-facts` (src/claims/claim-form-facts.ts). */
export type ClaimFactsJson = {
  today: string;
  contract: {
    id: string;
    primeFirmId: string;
    amountWon: string;
    advanceWon: string;
    startsOn: string;
    endsOn: string;
  };
  dedicatedPurposes: ('progress' | 'labour' | 'advance' | 'general')[];
  subcontracts: {
    id: string;
    firmId: string;
    parentId: string | null;
    amountWon: string;
    payeeAccountId: string | null;
  }[];
  supplyContracts: {
    id: string;
    firmId: string;
    subcontractId: string | null;
    amountWon: string;
    payeeAccountId: string | null;
  }[];
  engagements: {
    id: string;
    workerId: string;
    employerFirmId: string;
    subcontractId: string | null;
    dailyWageWon: string;
    payeeAccountId: string | null;
  }[];
  payeeAccounts: { id: string; ownerKind: 'firm' | 'worker' | 'bank'; ownerId: string; verified: boolean }[];
  earlierShares: {
    kind: ClaimLineKind;
    subcontractId: string | null;
    supplyContractId: string | null;
    amountWon: string;
  }[];
  otherPeriods: { start: string; end: string }[];
};

/** `GET /api/v1/payee/obligations`: the calling firm's own obligations. */
export type OwnObligation = {
  id: string;
  contractId: string;
  claimId: string;
  kind: ClaimLineKind;
  accountMasked: string;
  amountWon: string;
  paidWon: string;
  outstandingWon: string;
  dueOn: string;
  paidOn: string | null;
  judgement: string;
  daysLate: number;
  delayInterestWon: string;
  endToEndId: string;
  bankReferences: string[];
  receiptConfirmedOn: string | null;
};

/** `GET /api/v1/worker/wages`. */
export type Wage = {
  obligationId: string;
  contractId: string;
  contractTitle: string;
  employer: string;
  periodStart: string;
  periodEnd: string;
  daysWorked: number | null;
  dailyWageWon: string | null;
  amountWon: string;
  paidWon: string;
  dueOn: string;
  paidOn: string | null;
  status: string;
  daysLate: number;
};
