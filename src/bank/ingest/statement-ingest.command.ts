import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { withDatabase } from '../../cli/database-access.ts';
import { BadInputError } from '../../kernel/bad-input.ts';
import { systemClock } from '../../kernel/clock.ts';
import { configFromEnv } from '../../runtime/config.ts';
import type { ServerFile } from '../../runtime/server-file.ts';
import { type IngestSummary, ingestStatementFile } from './ingest-statement.ts';

/** Files at least this large get a progress bar (on a terminal); smaller ones finish before it would draw. */
const progressBarBytesMin = 1024 * 1024;

type Output = { readonly stdout: { write(text: string): unknown }; readonly stderr: NodeJS.WriteStream };

/**
 * `hado statement ingest FILE… [--bank CODE] [--json]`: books bank files (camt.052/053/054, pain.002,
 * MT940/942), through the running server when there is one (its admin API streams the file) and on the
 * database directly otherwise. Prints a summary per file: new, duplicate, matched, unmatched, exceptions,
 * findings. Exit 2 when a file is refused (one line per file says why), 0 otherwise.
 */
export function statementIngestCommand(output: Output = process): Command {
  return new Command('ingest')
    .description('Book the movements of bank files and reconcile them with obligations (with progress)')
    .argument('<files...>', 'bank files')
    .option('--bank <code>', "the bank that sent the files: only that bank's dedicated accounts are matched")
    .option('--json', 'print one JSON summary per file')
    .action(async (files: string[], options: { bank?: string; json?: boolean }) => {
      if (options.bank !== undefined && !/^\d{3}$/.test(options.bank)) {
        throw new BadInputError(`--bank takes a 3-digit bank code, not "${options.bank}"`);
      }
      const sizes = new Map<string, number>();
      for (const file of files) {
        const size = await stat(file).then(
          (stats) => (stats.isFile() ? stats.size : -1),
          () => -1,
        );
        if (size < 0) throw new BadInputError(`${file}: not a readable file`);
        sizes.set(file, size);
      }
      const summaries = await withDatabase(configFromEnv(), async (access) => {
        let bankId: bigint | null = null;
        if (access.kind === 'direct' && options.bank !== undefined) {
          const bank = await access.handle.db
            .selectFrom('banks')
            .select('id')
            .where('code', '=', options.bank)
            .executeTakeFirst();
          if (!bank) throw new BadInputError(`unknown bank code ${options.bank}`);
          bankId = bank.id;
        }
        const results: IngestSummary[] = [];
        for (const file of files) {
          const size = sizes.get(file)!;
          const bar = progressBar(output, file, size);
          try {
            const summary =
              access.kind === 'server'
                ? await ingestThroughServer(access.server, file, options.bank, (bytes) => bar?.update(bytes))
                : await ingestStatementFile(access.handle.db, file, {
                    channel: 'cli',
                    bankId,
                    actor: { label: 'cli' },
                    now: () => systemClock.now(),
                    fileBytesMax: Number.POSITIVE_INFINITY,
                    onProgress: (progress) => bar?.update(progress.bytesRead),
                  });
            results.push(summary);
          } finally {
            bar?.stop();
          }
        }
        return results;
      });
      let refused = 0;
      for (const [index, summary] of summaries.entries()) {
        const file = files[index]!;
        if (options.json) output.stdout.write(`${JSON.stringify({ file, ...summary })}\n`);
        else output.stdout.write(`${summaryLine(file, summary)}\n`);
        if (summary.refusal !== null) {
          refused += 1;
          output.stderr.write(`hado: ${summary.refusal}\n`);
        }
      }
      if (!options.json && summaries.length > 1) output.stdout.write(`${totalsLine(summaries)}\n`);
      process.exitCode = refused > 0 ? 2 : 0;
    });
}

function progressBar(output: Output, file: string, size: number) {
  if (size < progressBarBytesMin || !output.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `${basename(file)} [{bar}] {percentage}% | {value}/{total} bytes | {eta}s`,
      stream: output.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0);
  return bar;
}

const counted = [
  'movements',
  'new',
  'duplicate',
  'conflicting',
  'matched',
  'unmatched',
  'returned',
  'diverted',
  'exceptions',
  'findings',
] as const;

export function summaryLine(file: string, summary: IngestSummary): string {
  const counts = counted.map((key) => `${key} ${summary[key]}`).join(', ');
  const result = summary.refusal === null ? summary.result : summary.result === 'exists' ? 'refused before' : 'refused';
  return `${file}: ${result}; ${counts}`;
}

function totalsLine(summaries: readonly IngestSummary[]): string {
  const totals = counted.map((key) => `${key} ${summaries.reduce((sum, summary) => sum + summary[key], 0)}`);
  return `total of ${summaries.length} files: ${totals.join(', ')}`;
}

/** Streams the file to the server's admin API, reporting bytes sent as they go. */
async function ingestThroughServer(
  server: ServerFile,
  file: string,
  bankCode: string | undefined,
  onBytes: (bytes: number) => void,
): Promise<IngestSummary> {
  let sent = 0;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => {
    sent += (chunk as Buffer).length;
    onBytes(sent);
  });
  const url = new URL('/api/v1/admin/bank/statements', server.url);
  url.searchParams.set('name', basename(file));
  if (bankCode !== undefined) url.searchParams.set('bankCode', bankCode);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (response.status === 422 || response.status === 413) {
    const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    throw new BadInputError(`${basename(file)}: ${message}`);
  }
  if (!response.ok) throw new Error(`server answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as IngestSummary;
}
