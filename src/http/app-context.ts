import type { Handle } from '../db/database.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Metrics } from '../ops/metrics.ts';

/** What every route and worker of one Hado process shares: the database, the clock, the configuration. */
export type AppContext = {
  readonly handle: Handle;
  readonly clock: Clock;
  /**
   * Real time for what must not run fast with the demo clock (sessions, sign-in lockouts, one-time codes); unset,
   * it is `clock` (and tests move it).
   */
  readonly realClock?: Clock;
  /** Bearer token of the local admin API (server.json), for CLI commands run beside the server. */
  readonly adminToken?: string;
  /** Set once migrations ran and, with --demo, the demo world is loaded: /health answers 200 only then. */
  ready: boolean;
  readonly demo: boolean;
  readonly accountHolderCheck: AccountHolderCheck;
  /**
   * Officials, banks and admins must sign in with a TOTP second factor (off only for the demo world, whose
   * sign-ins are printed for anyone to try).
   */
  readonly totpEnforced: boolean;
  readonly metrics: Metrics;
};

/**
 * The bank adapter's account-holder check (예금주 조회): does this account exist, and in whose name? The
 * sandbox bank answers it in the demo and in tests; a real bank adapter replaces it by configuration.
 */
export type AccountHolderCheck = (
  bankCode: string,
  accountNumber: string,
) => Promise<{ kind: 'found'; holderName: string } | { kind: 'not_found' } | { kind: 'unavailable'; reason: string }>;

/** The clock of real-time concerns: `realClock` when the demo clock runs fast, else the one clock. */
export const realTimeOf = (context: AppContext): Clock => context.realClock ?? context.clock;
