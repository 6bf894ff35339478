// A worker process for the crash tests (outbox-crash.test.ts): it sends the outbox through the SMPP transport to
// the test's loopback SMS centre and, when told, stops dead at one point of its work and waits to be killed.
// Not part of Hado's runtime.
import { openDatabase } from '../db/database.ts';
import { systemClock } from '../kernel/clock.ts';
import { SmppTransport } from '../sms/transports/index.ts';
import { OutboxWorker } from './outbox-worker.ts';

const env = process.env;
const pausePoint = env.HADO_CHILD_PAUSE ?? 'none';
const handle =
  env.HADO_CHILD_DATABASE_URL !== undefined
    ? await openDatabase({ engine: 'postgres', url: env.HADO_CHILD_DATABASE_URL, poolSize: 2 })
    : await openDatabase({ engine: 'pglite', dataDir: env.HADO_CHILD_DATA_DIR! });
const transport = new SmppTransport({
  host: '127.0.0.1',
  port: Number(env.HADO_CHILD_SMSC_PORT),
  systemId: 'hado',
  password: 'secret',
  reconnectDelayMs: 50,
});

/** Says where it stopped and never returns: the test kills the process with SIGKILL. */
async function pauseForKill(point: string): Promise<never> {
  process.stdout.write(`PAUSED ${point}\n`);
  return new Promise<never>(() => {
    setInterval(() => {}, 60_000);
  });
}

const worker = new OutboxWorker({
  handle,
  transport,
  clock: systemClock,
  workerName: `child:${process.pid}`,
  leaseMs: Number(env.HADO_CHILD_LEASE_MS ?? 1_000),
  concurrency: 1,
  hooks: {
    afterClaim: async () => {
      if (pausePoint === 'after-claim') await pauseForKill(pausePoint);
    },
    beforeRecord: async () => {
      if (pausePoint === 'before-record') await pauseForKill(pausePoint);
    },
    afterRecord: async () => {
      if (pausePoint === 'after-record') await pauseForKill(pausePoint);
    },
  },
});

// Send until nothing is left to send, taking over rows whose lease ran out.
for (;;) {
  const result = await worker.runOnce();
  if (result.claimed > 0) continue;
  const left = await handle.db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<bigint>().as('left'))
    .where('state', 'in', ['pending', 'sending'])
    .executeTakeFirstOrThrow();
  if (BigInt(left.left) === 0n) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await transport.close();
await handle.close();
process.stdout.write('DONE\n');
