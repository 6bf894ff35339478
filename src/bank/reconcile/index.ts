/**
 * Reconciliation: bank movements on dedicated accounts matched to obligations (end-to-end id first, then payee
 * account + amount + date window), set-based in SQL; returns undo payments; money to an unregistered account is
 * diverted; what is left waits in the exception queue for a person.
 */
export { applyPaymentStatuses } from './apply-payment-statuses.ts';
export { obligationEndToEndPattern } from './end-to-end-id.ts';
export { type BankFindingKind, type FindingDraft, findingSeverity, raiseFindings } from './findings.ts';
export { postMatchedPayments, type ReconcileOptions, reconcileMessage } from './reconcile-message.ts';
export { type ResolveExceptionInput, type ResolveExceptionResult, resolveException } from './resolve-exception.ts';
