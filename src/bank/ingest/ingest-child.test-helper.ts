// A child process for the crash test: ingests one file into the database named on its command line, in small
// batches, printing `acknowledged N` after each committed batch, then the summary. The test kills it with
// SIGKILL part-way and runs it again.
import { systemActor } from '../../audit/audit-log.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ingestStatementFile } from './ingest-statement.ts';

const [target, file, batch] = process.argv.slice(2);
if (!target || !file || !batch) throw new Error('usage: TARGET FILE BATCH (TARGET: postgres URL or PGlite folder)');
const handle = target.startsWith('postgres')
  ? await openDatabase({ engine: 'postgres', url: target, poolSize: 2 })
  : await openDatabase({ engine: 'pglite', dataDir: target });
await migrate(handle);
const summary = await ingestStatementFile(handle.db, file, {
  channel: 'cli',
  actor: systemActor,
  now: () => new Date(),
  batchMax: Number(batch),
  onProgress: (progress) => process.stdout.write(`acknowledged ${progress.movements}\n`),
});
process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
await handle.close();
