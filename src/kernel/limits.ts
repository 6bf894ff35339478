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
/** Login attempts before a temporary lockout, and its duration. */
export const loginFailuresMax = 5;
export const loginLockoutMs = 15 * 60_000;
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
