import { eventBusOf } from '../events/event-bus.ts';
import type { AppContext } from '../http/app-context.ts';
import { MonitorRunner } from '../monitor/monitor-runner.ts';
import { monitorPolicyFromEnv } from '../monitor/sweep.ts';
import { OutboxWorker } from '../outbox/outbox-worker.ts';
import { createTransport, type SmsConfig, smsConfigFromEnv } from '../outbox/sms-config.ts';
import type { TransportLogger } from '../sms/transports/index.ts';

export type NotificationServices = {
  readonly config: SmsConfig;
  readonly monitor: MonitorRunner;
  readonly outbox: OutboxWorker;
  stop(): Promise<void>;
};

/**
 * What `hado serve` runs beside the API for monitoring and messages: the monitor (a sweep at start, periodically,
 * and after each change the database announces) and the outbox worker with the configured SMS transport (console
 * unless HADO_SMS_TRANSPORT says otherwise), woken by each new message.
 */
export async function startNotificationServices(options: {
  readonly context: AppContext;
  readonly logger: TransportLogger;
  readonly env?: NodeJS.ProcessEnv;
  /** A full sweep this often (the demo's fast clock sweeps more often). */
  readonly sweepIntervalMs?: number;
}): Promise<NotificationServices> {
  const { context, logger } = options;
  const config = smsConfigFromEnv(options.env);
  const transport = createTransport(config, context.clock, logger);
  const outbox = new OutboxWorker({ handle: context.handle, transport, clock: context.clock, logger });
  const monitor = new MonitorRunner({
    handle: context.handle,
    clock: context.clock,
    settings: { sender: config.sender, quietHours: config.quietHours },
    policy: monitorPolicyFromEnv(options.env),
    logger,
    ...(options.sweepIntervalMs === undefined ? {} : { sweepIntervalMs: options.sweepIntervalMs }),
  });
  const bus = eventBusOf(context.handle);
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'messages') outbox.wake();
  });
  await monitor.start();
  outbox.start();
  return {
    config,
    monitor,
    outbox,
    async stop() {
      unsubscribe();
      await monitor.stop();
      await outbox.stop();
      await transport.close();
    },
  };
}
