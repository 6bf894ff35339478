/**
 * The API's shapes as the web application reads them (see /api/openapi.json). Ids and amounts are
 * decimal text: JSON numbers lose precision past 2^53.
 */
export type Role =
  | 'admin'
  | 'official'
  | 'prime'
  | 'subcontractor'
  | 'supplier'
  | 'bank'
  | 'auditor'
  | 'worker'
  | 'public';

export type Me = {
  role: Role;
  label: string;
  buyerId?: string;
  firmId?: string;
  bankId?: string;
  workerId?: string;
};

export type Page<T> = { items: T[]; nextAfter: string | null };
export type Registered<T> = { result: 'created' | 'exists'; record: T };

export type Buyer = { id: string; agencyCode: string; name: string; nameEn: string | null; usesHado: boolean };
export type Firm = {
  id: string;
  businessNumber: string;
  name: string;
  nameEn: string | null;
  representative: string | null;
};
export type Bank = { id: string; code: string; name: string; nameEn: string | null; participating: boolean };

export type Contract = {
  id: string;
  buyerId: string;
  primeFirmId: string;
  contractNumber: string;
  title: string;
  site: string;
  amountWon: string;
  advanceWon: string;
  startsOn: string;
  endsOn: string;
  paymentFlow: string;
};

export type DedicatedAccount = {
  id: string;
  contractId: string;
  purpose: 'progress' | 'labour' | 'advance' | 'general';
  bankCode: string;
  accountNumber: string;
  holderName: string;
};

export type Subcontract = {
  id: string;
  contractId: string;
  reference: string;
  parentSubcontractId: string | null;
  contractorFirmId: string;
  firmId: string;
  tier: number;
  title: string;
  amountWon: string;
  startsOn: string;
  endsOn: string;
  payeeAccountId: string | null;
};

export type SupplyContract = {
  id: string;
  contractId: string;
  reference: string;
  subcontractId: string | null;
  buyerFirmId: string;
  firmId: string;
  kind: 'material' | 'equipment';
  title: string;
  amountWon: string;
  payeeAccountId: string | null;
};

export type Engagement = {
  id: string;
  contractId: string;
  workerId: string;
  workerName: string | null;
  phoneMasked: string | null;
  employerFirmId: string;
  subcontractId: string | null;
  trade: string;
  dailyWageWon: string;
  startsOn: string;
  payeeAccountId: string | null;
};

export type CountAndAmount = { count: number; amountWon: string };
export type PublicSummary = {
  asOf: string;
  buyers: number;
  contracts: CountAndAmount;
  subcontractsByTier: ({ tier: number } & CountAndAmount)[];
  supplyContracts: CountAndAmount;
  workers: number;
};

export type Health = { status: string; engine?: string; demo?: boolean };
