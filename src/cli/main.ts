import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { type AuditVerification, verifyAuditChain } from '../audit/audit-log.ts';
import { statementIngestCommand } from '../bank/ingest/index.ts';
import { statementParseCommand } from '../bank/readers/statement-parse.command.ts';
import { bankKeyCommand, bankSimCommand } from '../bank/sandbox/index.ts';
import { instructionsCommand } from '../claims/instructions-export.command.ts';
import { migrate } from '../db/migrate.ts';
import { demoPassword } from '../demo/demo-people.ts';
import { demoLogins } from '../demo/demo-world.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { ledgerCommand } from '../ledger/ledger-check.command.ts';
import { monitorCommand } from '../monitor/monitor-run.command.ts';
import { backupPostgres, restoreEmbedded, restorePostgres, writeBackupFile } from '../ops/backup.ts';
import { configFromEnv } from '../runtime/config.ts';
import { findRunningServer } from '../runtime/server-file.ts';
import { startServer } from '../runtime/start-server.ts';
import { withDatabase } from './database-access.ts';
import { describeError, exitCodeOf, exitCodes } from './run-command.ts';

/** The `hado` command line. Every command has --help; exit codes follow DESIGN §8. */
export function buildProgram(): Command {
  const program = new Command('hado')
    .description('Hado: construction payment monitoring — every won traceable from the buyer to the worker')
    .version('0.1.0')
    // `--version` belongs to the program only before a command: `instructions export --version 03` is the export's.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the API, web UI, bank inbound channel and workers in one process')
    .option('--host <host>', 'address to listen on (env HOST)')
    .option('--port <port>', 'port to listen on (env PORT)', parsePort)
    .option('--demo', 'load the demo world (a Seoul subway finishing contract) on first start')
    .addOption(new Option('--role <role>', 'which parts to run').choices(['all', 'api', 'worker']).default('all'))
    .action(
      settingExitCode(async (options: { host?: string; port?: number; demo?: boolean; role: string }) => {
        const base = configFromEnv();
        const config = {
          ...base,
          ...(options.host ? { host: options.host } : {}),
          ...(options.port !== undefined ? { port: options.port } : {}),
        };
        const server = await startServer({ config, demo: Boolean(options.demo) });
        const engine =
          server.context.handle.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
        const lines = [`Hado is running at ${server.url}  (database: ${engine})`, `  API docs: ${server.url}/api/docs`];
        if (options.demo) {
          lines.push(
            '',
            '  DEMO WORLD — invented data for trying Hado, not real firms or people.',
            `  Demo sign-ins (password for all: ${demoPassword}):`,
          );
          for (const login of demoLogins) lines.push(`    ${login.login.padEnd(20)} ${login.who}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.stdout.write('Stopping Hado…\n');
            server.close().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return exitCodes.ok;
      }),
    );

  program
    .command('migrate')
    .description('apply database migrations (a running server applies them on start)')
    .action(
      settingExitCode(async () => {
        const result = await withDatabase(configFromEnv(), async (access) =>
          access.kind === 'server'
            ? access.call<{ applied: string[]; current: number }>('POST', '/api/v1/admin/migrate')
            : migrate(access.handle),
        );
        process.stdout.write(
          result.applied.length > 0
            ? `applied ${result.applied.join(', ')}; schema at ${result.current}\n`
            : `schema is current (${result.current})\n`,
        );
        return exitCodes.ok;
      }),
    );

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the audit hash chain; exit 3 at the first broken link')
    .action(
      settingExitCode(async () => {
        const result = await withDatabase(
          configFromEnv(),
          async (access): Promise<AuditAnswer> =>
            access.kind === 'server'
              ? access.call<AuditAnswer>('GET', '/api/v1/admin/audit/verify')
              : verifyAuditChain(access.handle.db).then(auditAnswer),
        );
        if (result.kind === 'intact') {
          process.stdout.write(`audit chain intact: ${result.rows} rows\n`);
          return exitCodes.ok;
        }
        process.stdout.write(`audit chain broken at row ${result.firstBrokenId}: ${result.reason}\n`);
        return exitCodes.violations;
      }),
    );

  program
    .command('backup')
    .description(
      'write a backup: pg_dump custom format on PostgreSQL, a consistent copy of the embedded database otherwise',
    )
    .requiredOption('--out <file>', 'where to write the backup')
    .action(
      settingExitCode(async (options: { out: string }) => {
        const config = configFromEnv();
        if (config.databaseUrl) {
          await backupPostgres(config.databaseUrl, options.out);
        } else {
          const bytes = await withDatabase(config, async (access) => {
            if (access.kind === 'direct') return access.handle.dumpEmbedded!();
            const response = await fetch(new URL('/api/v1/admin/backup', access.server.url), {
              headers: { authorization: `Bearer ${access.server.token}` },
            });
            if (!response.ok) throw new Error(`server answered ${response.status}`);
            return new Uint8Array(await response.arrayBuffer());
          });
          writeBackupFile(options.out, bytes);
        }
        process.stdout.write(`backup written to ${options.out}\n`);
        return exitCodes.ok;
      }),
    );

  program
    .command('restore')
    .description(
      'restore a backup into an empty database (PostgreSQL) or the data directory (embedded), then verify it',
    )
    .argument('<file>', 'a file written by hado backup')
    .option('--force', 'embedded only: move an existing database aside instead of refusing')
    .action(
      settingExitCode(async (file: string, options: { force?: boolean }) => {
        const config = configFromEnv();
        if (!existsSync(file)) throw new BadInputError(`no such file: ${file}`);
        if (!config.databaseUrl && (await findRunningServer(config.dataDir))) {
          throw new BadInputError('a server is running on this data directory; stop it before restoring');
        }
        const report = config.databaseUrl
          ? await restorePostgres(config.databaseUrl, file)
          : await restoreEmbedded(config.dataDir, file, Boolean(options.force));
        process.stdout.write(
          `restored: schema at ${report.migration}, audit chain intact (${report.auditRows} rows)\n`,
        );
        return exitCodes.ok;
      }),
    );

  const statement = program
    .command('statement')
    .description('bank statements and notifications (camt.052/053/054, pain.002, MT940/942)');
  statement.addCommand(statementParseCommand());
  statement.addCommand(statementIngestCommand());

  program.addCommand(bankSimCommand());
  program.addCommand(bankKeyCommand());

  program.addCommand(ledgerCommand());
  program.addCommand(monitorCommand());
  program.addCommand(instructionsCommand());

  return program;
}

/** Commander actions return nothing; ours return their exit code, which this records. */
function settingExitCode<A extends unknown[]>(action: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    process.exitCode = await action(...args);
  };
}

export type AuditAnswer = { kind: 'intact' | 'broken'; rows: number; firstBrokenId?: string; reason?: string };

export function auditAnswer(outcome: AuditVerification): AuditAnswer {
  return outcome.kind === 'intact'
    ? { kind: 'intact', rows: outcome.rows }
    : { kind: 'broken', rows: outcome.rows, firstBrokenId: String(outcome.firstBrokenId), reason: outcome.reason };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new BadInputError(`not a port: ${text}`);
  return port;
}

/** Runs the program and turns the outcome into an exit code; commands return theirs, throws are mapped. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    const code = exitCodeOf(error);
    if (!(error instanceof CommanderError)) process.stderr.write(`hado: ${describeError(error)}\n`);
    if (code === exitCodes.internal && error instanceof Error && process.env.HADO_DEBUG)
      process.stderr.write(`${error.stack}\n`);
    return code;
  }
}

const invokedDirectly = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/hado.js');
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`hado: ${describeError(error)}\n`);
      process.exitCode = exitCodes.internal;
    },
  );
}
