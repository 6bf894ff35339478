/**
 * The transactional outbox: messages written in the transaction of the change that causes them, one per event
 * key, sent by a worker that claims batches (`for update skip locked`), retries with backoff, records every attempt
 * and marks messages delivered on receipts; the message log API; SMS settings from the environment.
 */
export { type EnqueueOptions, enqueue, type OutboxMessageInput, type Recipient } from './enqueue.ts';
export { messagesRoutes, secretBodyShown } from './messages.routes.ts';
export {
  type AttemptOutcome,
  type BatchResult,
  type ClaimedMessage,
  OutboxWorker,
  type OutboxWorkerHooks,
  type OutboxWorkerOptions,
} from './outbox-worker.ts';
export { defaultQuietHours, isQuiet, parseQuietHours, type QuietHours, sendableAt } from './quiet-hours.ts';
export { type RecordDeliveryReceiptResult, recordDeliveryReceipt } from './record-delivery-receipt.ts';
export { outboxRetryBaseMsDefault, retryDelayMs } from './retry-delay.ts';
export { createTransport, demoSenderNumber, type SmsConfig, smsConfigFromEnv } from './sms-config.ts';
export {
  signSmsReceipt,
  smsReceiptHeaders,
  smsReceiptRoutes,
  smsReceiptSecretFromEnv,
} from './sms-receipts.routes.ts';
