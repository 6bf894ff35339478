import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { type AuditVerification, verifyAuditChain } from '../audit/audit-log.ts';
import { migrate } from '../db/migrate.ts';
import { demoPassword } from '../demo/demo-people.ts';
import { demoLogins } from '../demo/demo-world.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { backupPostgres, restoreEmbedded, restorePostgres, writeBackupFile } from '../ops/backup.ts';
import { configFromEnv } from '../runtime/config.ts';
import { findRunningServer } from '../runtime/server-file.ts';
import { type ServerRole, startServer } from '../runtime/start-server.ts';
import { withDatabase } from './database-access.ts';
import { exitCodes, settingExitCode } from './run-command.ts';

/**
 * The commands of Hado itself: serve, migrate, audit verify, backup, restore. Each is built on demand by
 * `src/cli/main.ts`, so a command loads only the modules it uses.
 */
export function serveCommand(): Command {
  return new Command('serve')
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
        const server = await startServer({ config, demo: Boolean(options.demo), role: options.role as ServerRole });
        const engine =
          server.context.handle.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
        const lines = [
          `Hado is running at ${server.url}  (database: ${engine}; role: ${options.role})`,
          `  API docs: ${server.url}/api/docs`,
        ];
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
}

export function migrateCommand(): Command {
  return new Command('migrate')
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
}

export function auditVerifyCommand(): Command {
  return new Command('verify').description('recompute the audit hash chain; exit 3 at the first broken link').action(
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
}

export function backupCommand(): Command {
  return new Command('backup')
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
}

export function restoreCommand(): Command {
  return new Command('restore')
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
