/**
 * Bank statement readers: camt.052/053/054 (all versions .001.02–.001.13), pain.002 and MT940/MT942,
 * streamed and normalised into `BankMovement`s, balances and payment statuses.
 */
export type {
  BankEntry,
  BankMovement,
  Direction,
  EntryStatus,
  PaymentStatus,
  PaymentStatusLevel,
  StatementBalance,
  StatementDocument,
  StatementEvent,
  StatementFormat,
  StatementHeader,
} from './bank-movement.ts';
export { Iso20022Reader, type Iso20022ReaderOptions } from './iso20022-reader.ts';
export { Mt940Reader, type Mt940ReaderOptions } from './mt940-reader.ts';
export {
  type ReadStatementOptions,
  readStatement,
  readStatementBatches,
  type StatementSource,
  sniffXmlEncoding,
} from './read-statement.ts';
export { readIsoDate, readStatementAmount, type StatementAmount } from './statement-amount.ts';
export { StatementError, type StatementPosition } from './statement-error.ts';
export { movementJson, type StatementParseOutput, statementParseCommand } from './statement-parse.command.ts';
export {
  type BalanceSummary,
  type StatementFileSummary,
  type StatementSummary,
  type StatusSummary,
  summarizeStatementEvents,
  summarizeStatementFile,
} from './summarize-statement.ts';
