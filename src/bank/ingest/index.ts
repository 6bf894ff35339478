/**
 * Ingestion: bank files and messages booked once by their hash, their movements once by their natural key,
 * streamed in set-based batches and reconciled as they commit; `hado statement ingest`.
 */
export {
  type IngestChannel,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  type IngestSummary,
  ingestStatementFile,
} from './ingest-statement.ts';
export { compactAccount, type MovementIdentity, movementNaturalKey } from './movement-key.ts';
export { hashFile, type SpooledMessage, type SpoolResult, spoolMessage } from './spool-message.ts';
export { statementIngestCommand, summaryLine } from './statement-ingest.command.ts';
