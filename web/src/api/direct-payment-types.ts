/** One direct payment by the buyer (`GET /api/v1/direct-payments`), amounts in won as decimal text. */
export type DirectPaymentItem = {
  id: string;
  contractId: string;
  claimId: string;
  obligationId: string;
  suggestionId: string;
  amountWon: string;
  claimReducedByWon: string;
  endToEndId: string;
  state: 'instructed' | 'paid' | 'rejected';
  paidOn: string | null;
  /** The bank's reason code when it rejected the transfer (pain.002), e.g. AC04. */
  rejectionReason: string | null;
  rejectedAt: string | null;
  decidedBy: string;
  decidedAt: string;
};
