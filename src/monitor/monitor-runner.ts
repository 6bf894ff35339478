import type { Handle } from '../db/database.ts';
import { eventBusOf, type HadoEvent } from '../events/event-bus.ts';
import type { Clock } from '../kernel/clock.ts';
import type { NotificationSettings } from '../notifications/settings.ts';
import type { TransportLogger } from '../sms/transports/index.ts';
import { silentLogger } from '../sms/transports/index.ts';
import { runMonitorPass } from './run-monitor-pass.ts';
import { defaultMonitorPolicy, type MonitorPolicy } from './sweep.ts';

export type MonitorRunnerOptions = {
  readonly handle: Handle;
  readonly clock: Clock;
  readonly settings: NotificationSettings;
  readonly policy?: MonitorPolicy;
  /** A full sweep this often (a day turning is noticed within it). */
  readonly sweepIntervalMs?: number;
  /** Events for one contract within this window share one sweep. */
  readonly debounceMs?: number;
  readonly logger?: TransportLogger;
};

/**
 * Runs the monitor in a server process: a full sweep at start and then periodically, and a sweep of one contract
 * shortly after each committed change to its obligations, movements or findings (the database's events), so a
 * bank report becomes a finding and a message within moments. Sweeps run one at a time.
 */
export class MonitorRunner {
  readonly #options: Required<Omit<MonitorRunnerOptions, 'policy'>> & { policy: MonitorPolicy };
  readonly #pending = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(options: MonitorRunnerOptions) {
    this.#options = {
      ...options,
      policy: options.policy ?? defaultMonitorPolicy,
      sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
      debounceMs: options.debounceMs ?? 200,
      logger: options.logger ?? silentLogger,
    };
  }

  async start(): Promise<void> {
    const bus = eventBusOf(this.#options.handle);
    this.#unsubscribe = bus.subscribe((event) => this.#onEvent(event));
    await bus.ready();
    this.#interval = setInterval(() => void this.sweepAll(), this.#options.sweepIntervalMs);
    void this.sweepAll();
  }

  /** One full sweep, after any in progress. */
  sweepAll(): Promise<void> {
    return this.#enqueue(undefined);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearInterval(this.#interval);
    clearTimeout(this.#timer);
    await this.#chain;
  }

  #onEvent(event: HadoEvent): void {
    if (event.type === 'messages' || event.contractId === null) return;
    this.#pending.add(event.contractId);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const contracts = [...this.#pending];
      this.#pending.clear();
      for (const contractId of contracts) void this.#enqueue(BigInt(contractId));
    }, this.#options.debounceMs);
  }

  #enqueue(contractId: bigint | undefined): Promise<void> {
    this.#chain = this.#chain.then(async () => {
      if (this.#stopped) return;
      const { handle, clock, settings, policy, logger } = this.#options;
      try {
        const { sweep: result, loans } = await runMonitorPass(handle.db, {
          now: clock.now(),
          today: clock.today(),
          settings,
          policy,
          ...(contractId === undefined ? {} : { contractId }),
        });
        if (loans.noticed > 0) logger.info({ ...loans }, 'overdue loans noticed');
        const raised = Object.values(result.raised).reduce((sum, n) => sum + n, 0);
        if (raised + result.resolved + result.messages > 0) {
          logger.info({ contractId: contractId?.toString(), ...result }, 'monitor sweep');
        }
      } catch (error) {
        logger.warn({ error: String(error), contractId: contractId?.toString() }, 'monitor sweep failed');
      }
    });
    return this.#chain;
  }
}
