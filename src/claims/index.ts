/**
 * Claims with their division, the approval workflow, the buyer's payment and the obligations it creates, the
 * divided transfers (pain.001) and the payment verification (DESIGN §2 steps 2–4 and 8).
 */
export {
  type ClaimAction,
  type ClaimDraft,
  type ClaimFacts,
  type ClaimFlow,
  type ClaimLineInput,
  type ClaimRefusal,
  type ClaimValidation,
  claimContentHash,
  nextClaimStatus,
  type RejectionReasonCode,
  type ResolvedLine,
  rejectionReasonCodes,
  sourcePurposeOf,
  validateClaim,
} from './claim.ts';
export { claimVisible } from './claim-scope.ts';
export { listClaims, type ObligationView, obligationViews, summarise, visibleClaim } from './claim-views.ts';
export { claimRoutes } from './claims.routes.ts';
export { type ConfirmReceiptResult, confirmReceipt } from './confirm-receipt.ts';
export { approveClaim, type Rejection, rejectClaim } from './decide-claim.ts';
export {
  buyerPaymentEntries,
  judgeObligation,
  type NewObligation,
  type ObligationJudgement,
  type ObligationPayment,
  type ObligationVerdict,
  obligationsOf,
  transferEntry,
} from './obligations.ts';
export { payeePortalRoutes } from './payee-portal.routes.ts';
export { type BuyerPayment, recordBuyerPayment, releaseClaim } from './record-buyer-payment.ts';
export {
  executeClaimTransfers,
  type PaymentRequest,
  type RecordPaymentsResult,
  recordObligationPayments,
  refreshObligationPayments,
  reverseTransfer,
} from './record-transfers.ts';
export { resubmitClaim, submitClaim } from './submit-claim.ts';
export {
  type ClaimInstruction,
  claimInstruction,
  endToEndIdOf,
  messageIdOf,
  obligationIdOfEndToEndId,
  paidClaimIds,
} from './transfer-instructions.ts';
