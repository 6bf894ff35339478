import { resolve } from 'node:path';
import { demoDaySecondsFromEnv } from '../monitor/stored-clock.ts';

/**
 * Configuration comes from the environment (twelve-factor); every setting has a default that works for
 * `npm start` on a fresh checkout. The README's configuration table lists these.
 */
export type Config = {
  readonly host: string;
  readonly port: number;
  /** Embedded database files, server.json and the lock live here. */
  readonly dataDir: string;
  /** PostgreSQL instead of the embedded database when set. */
  readonly databaseUrl: string | undefined;
  /** A read replica of DATABASE_URL for the dashboard and public aggregates (DATABASE_READ_URL). */
  readonly readDatabaseUrl?: string | undefined;
  readonly adminLogin: string | undefined;
  readonly adminPassword: string | undefined;
  readonly logLevel: string;
  /** Two-factor sign-in for officials, banks and admins; on unless --demo, or as HADO_TOTP_ENFORCED says. */
  readonly totpEnforced: boolean | undefined;
  /** With --demo, how many real seconds a demo day lasts (HADO_DEMO_DAY_SECONDS; 86400 is real time). */
  readonly demoDaySeconds: number;
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: env.PORT ? Number(env.PORT) : 3000,
    dataDir: resolve(env.HADO_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    readDatabaseUrl: env.DATABASE_READ_URL || undefined,
    adminLogin: env.HADO_ADMIN_LOGIN || undefined,
    adminPassword: env.HADO_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    totpEnforced: env.HADO_TOTP_ENFORCED === undefined ? undefined : env.HADO_TOTP_ENFORCED !== 'false',
    demoDaySeconds: demoDaySecondsFromEnv(env),
  };
}
