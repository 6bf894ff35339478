/**
 * Every queue, batch, page, file and request in Hado has a limit, named here with a `Max` suffix, so an
 * operator can find and tune them in one place. Each says why it is the size it is.
 */

/** HTTP request bodies: a claim with its division is a few hundred kilobytes at most. */
export const httpBodyBytesMax = 1024 * 1024;
/** Bank messages posted to the inbound channel: a day's camt.053 for one account fits easily. */
export const bankMessageBytesMax = 64 * 1024 * 1024;
/** A statement file read by `hado statement ingest` through the server; the CLI streams any size. */
export const statementFileBytesMax = 256 * 1024 * 1024;
/** Rows in one page of any list. */
export const pageSizeMax = 200;
export const pageSizeDefault = 50;
/** Division lines in one claim: a large site has hundreds of workers a month. */
export const claimLinesMax = 5_000;
/** Lines in one journal entry (a division posts one line per payee plus the source). */
export const journalLinesMax = 10_002;
/** Text fields: names, sites, reasons. */
export const nameLengthMax = 200;
export const textLengthMax = 2_000;
/** Rows in one CSV/XLSX import. */
export const importRowsMax = 50_000;
/** A worker roster file (CSV or XLSX) posted to the roster import, and the row errors its answer lists. */
export const workerRosterBytesMax = 8 * 1024 * 1024;
export const workerRosterErrorsMax = 1_000;
/** Sign-in requests per minute from one address, whatever the login. */
export const loginRequestsPerMinuteMax = 30;
/** Login attempts before a temporary lockout, and its duration. */
export const loginFailuresMax = 5;
export const loginLockoutMs = 15 * 60_000;
/** How long a TOTP step-up stays fresh for approving claims and changing accounts. */
export const stepUpValidityMs = 5 * 60_000;
/** Session lifetime, idle and absolute. */
export const sessionIdleMs = 30 * 60_000;
export const sessionAbsoluteMs = 12 * 60 * 60_000;
/** Outbox: messages claimed per batch and attempts before a message is given up as failed. */
export const outboxBatchMax = 100;
export const smsAttemptsMax = 8;
/** Rows written per statement in one set-based batch. */
export const ingestBatchMax = 5_000;
/** Nesting depth of XML elements in a bank file: real ones stay under 20. */
export const xmlDepthMax = 64;
/** One XML text node or attribute: remittance text is at most a few hundred characters. */
export const xmlTextBytesMax = 1024 * 1024;
/**
 * Korean SMS sizes, counted in EUC-KR bytes as the carriers bill them: an SMS carries 90 bytes (45 Hangul), an
 * LMS 2,000 bytes with a subject of 40. In UCS-2 an SMS carries 70 characters (140 bytes).
 */
export const smsShortBytesMax = 90;
export const smsShortUcs2BytesMax = 140;
export const smsLongBytesMax = 2_000;
export const smsSubjectBytesMax = 40;
/** An outbox key travels with every submit; it is an identifier, not a payload. */
export const smsOutboxKeyLengthMax = 128;
/** Submits awaiting the SMS centre's answer on one SMPP session: the usual window SMSCs grant. */
export const smppSubmitWindowMax = 32;
/** Delay between reconnect attempts to the SMS centre grows to this and no further. */
export const smppReconnectDelayMsMax = 60_000;
/** An HTTP SMS provider's answer: a small JSON object; anything larger is not read. */
export const smsProviderResponseBytesMax = 64 * 1024;
/** Transaction details in one bank entry: a payroll batch has thousands; each is held until its entry closes. */
export const statementEntryDetailsMax = 100_000;
/** Attributes on one XML element in a bank file: real ones carry at most a handful (Ccy, xmlns, xsi). */
export const xmlAttributesMax = 32;
/** One line of an MT940/MT942 file: SWIFT lines are 65 characters; banks that wrap nothing stay far below this. */
export const mt940LineBytesMax = 64 * 1024;
/** One MT940 field (a :86: with all its continuation lines): SWIFT allows 6 × 65 characters, banks send more. */
export const mt940FieldBytesMax = 256 * 1024;
/** Warnings and payment statuses kept in one file summary; the rest are counted, so a summary stays small. */
export const statementSummaryWarningsMax = 1_000;
export const statementSummaryStatusesMax = 100_000;
/**
 * Transfers in one pain.001 message: one per obligation of a claim's division (claimLinesMax), twice over because
 * a financed share splits into the lender's repayment and the rest.
 */
export const instructionTransactionsMax = 10_000;
/** Payment-information blocks in one pain.001: one per dedicated account the division pays from (a handful). */
export const instructionPaymentBlocksMax = 100;
/**
 * Bank integration (issue 4). A signed bank request's timestamp may be this far from Hado's clock: enough for
 * clock drift between two servers, short enough that a captured request cannot be replayed later.
 */
export const bankSignatureSkewMsMax = 5 * 60_000;
/** API keys one bank may hold at once (rotation keeps the old key valid while the new one rolls out). */
export const bankApiKeysPerBankMax = 4;
/** Files taken from one bank's drop folder in one pass; the rest wait for the next pass. */
export const dropFolderFilesPerPassMax = 100;
/** Movements reconciled in one set-based pass (a batch of ingestion, or a sweep of the exception queue). */
export const reconcileBatchMax = 5_000;
/** Days either side of the due date within which a debit to the payee for the owed amount matches an obligation. */
export const reconcileDateWindowDaysMax = 45;
/** Transfers the sandbox bank executes in one tick, and messages it posts back in one tick. */
export const sandboxTransfersPerTickMax = 500;
export const sandboxDeliveriesPerTickMax = 50;
/** Delivery attempts of one sandbox message to Hado before it is left for an operator. */
export const sandboxDeliveryAttemptsMax = 20;
/**
 * Journal entries written per statement when the ledger posts a batch (DESIGN §7: batches of 1,000 post
 * ≈ 46k entries/s), and lines per statement so one statement's arrays stay a few megabytes.
 */
export const ledgerEntriesPerStatementMax = 1_000;
export const ledgerLinesPerStatementMax = 50_000;
/** Violations of each kind `hado ledger check` lists; the rest are counted. */
export const ledgerCheckViolationsMax = 100;
/** Transfers recorded in one request: every obligation of the largest claim. */
export const transfersPerRequestMax = 5_000;
/**
 * Monitoring and notifications (issue 5). A failed SMS is tried again after 30 s, doubling up to an hour, so
 * smsAttemptsMax tries span about four hours: an SMS centre down for an afternoon loses nothing.
 */
export const outboxRetryDelayMsMax = 60 * 60_000;
/** A worker that claimed a message and died gives it up after this; longer than any submit may take. */
export const outboxLeaseMsMax = 10 * 60_000;
/** Rows in one multi-row insert of messages or findings: a sweep that raises more writes several. */
export const outboxEnqueueRowsMax = 1_000;
/** Direct payments handed to the bank adapter in one pass of the bank services. */
export const directPaymentSubmissionsPerPassMax = 20;
/** An SMS provider's delivery report (one message's receipt) is a small JSON object. */
export const smsReceiptBytesMax = 4 * 1024;
/** Open live-update streams in one process, and bytes waiting for one slow reader before it is cut off. */
export const sseStreamsMax = 1_000;
export const sseBufferedBytesMax = 256 * 1024;
/** Worker self-check: codes asked per phone and per address in an hour, wrong codes before a lockout. */
export const workerOtpRequestsPerPhoneMax = 5;
export const workerOtpRequestsPerAddressMax = 30;
export const workerOtpAttemptsMax = 5;
export const workerOtpLifetimeMs = 5 * 60_000;
export const workerOtpLockoutMs = 30 * 60_000;
/** A worker's session is short: it exists to read one's own wages on a phone. */
export const workerSessionMs = 30 * 60_000;
/**
 * Documents (issue 7). Rows in one CSV/XLSX export of a list, walked page by page through the list's own route:
 * a year of a large contract's obligations or bank movements fits; beyond it the file says it was cut.
 */
export const exportRowsMax = 100_000;
/** Payee lines printed on one payment verification certificate: every obligation of the largest claim. */
export const certificateLinesMax = 5_000;
/**
 * Financing (issue 6). Receivables listed for one payee, loans in a bank's portfolio view, repayments read back
 * for one statement, overdue loans noticed in one pass, and the length of a bank's reason for declining.
 */
export const loanReceivablesMax = 500;
export const loanPortfolioItemsMax = 500;
export const loanStatementEventsMax = 1_000;
export const loanOverdueNoticesPerPassMax = 1_000;
export const loanDeclineReasonLengthMax = 500;
