import { Command, CommanderError, Option } from 'commander';
import { type AuditVerification, verifyAuditChain } from '../audit/audit-log.ts';
import { statementParseCommand } from '../bank/readers/statement-parse.command.ts';
import { migrate } from '../db/migrate.ts';
import { demoPassword } from '../demo/demo-people.ts';
import { demoLogins } from '../demo/demo-world.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { configFromEnv } from '../runtime/config.ts';
import { startServer } from '../runtime/start-server.ts';
import { withDatabase } from './database-access.ts';
import { describeError, exitCodeOf, exitCodes } from './run-command.ts';

/** The `hado` command line. Every command has --help; exit codes follow DESIGN §8. */
export function buildProgram(): Command {
  const program = new Command('hado')
    .description('Hado: construction payment monitoring — every won traceable from the buyer to the worker')
    .version('0.1.0')
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

  const statement = program
    .command('statement')
    .description('bank statements and notifications (camt.052/053/054, pain.002, MT940/942)');
  statement.addCommand(statementParseCommand());

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
