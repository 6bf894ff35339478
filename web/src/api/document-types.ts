/** The documents API's shapes (src/documents/certificate.routes.ts): money as decimal text of whole won. */
export type CertificateLine = {
  payee: 'firm' | 'workers';
  name: string | null;
  workers: number | null;
  employer: string | null;
  kind: string;
  dueWon: string;
  paidWon: string;
  dueOn: string;
  payments: { on: string; amountWon: string }[];
  references: string[];
};

export type CertificateVerification = {
  result: 'valid' | 'changed' | 'invalid';
  certificate: {
    claimId: string;
    issuedAt: string;
    scope: 'all' | 'payee';
    contentHash: string;
    buyer: string;
    contract: { number: string; title: string; site: string };
    prime: string;
    claim: {
      sequence: number;
      version: number;
      periodStart: string;
      periodEnd: string;
      totalWon: string;
      status: string;
      buyerPaidOn: string | null;
    };
    lines: CertificateLine[];
    totals: { dueWon: string; paidWon: string; outstandingWon: string };
  } | null;
};
