import { Command } from 'commander';
import { type DatabaseAccess, withDatabase } from '../cli/database-access.ts';
import { notificationSettings } from '../notifications/settings.ts';
import { configFromEnv } from '../runtime/config.ts';
import { type FindingCounts, monitoredKinds } from './finding-kinds.ts';
import { runMonitorPass } from './run-monitor-pass.ts';
import { storedClock } from './stored-clock.ts';
import { monitorPolicyFromEnv, openCounts } from './sweep.ts';

export type CommandOutput = { readonly stdout: { write(text: string): unknown } };

/**
 * `hado monitor run [--json]`: one pass of the monitor with the server's clock (the demo clock in demo mode),
 * through the running server when there is one, then the open findings counted by kind. `--json` prints exactly
 * `{ "counts": { "upcoming": n, … } }` (DESIGN §8).
 */
export function monitorCommand(output: CommandOutput = process): Command {
  const monitor = new Command('monitor').description('payment monitoring: deadlines, late payments, findings');
  monitor
    .command('run')
    .description(
      'run one pass of the monitor as the server runs it (the sweep, then overdue-loan notices) and print the open ' +
        'findings counted by kind',
    )
    .option('--json', 'print { "counts": { kind: n } } as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const answer = await withDatabase(configFromEnv(), monitorRun);
      const counts = Object.fromEntries(
        monitoredKinds.map((kind) => [kind, answer.counts[kind] ?? 0]),
      ) as FindingCounts;
      if (options.json) {
        output.stdout.write(`${JSON.stringify({ counts })}\n`);
      } else {
        output.stdout.write('open findings by kind:\n');
        for (const kind of monitoredKinds) output.stdout.write(`  ${kind.padEnd(12)} ${counts[kind]}\n`);
      }
      process.exitCode = 0;
    });
  return monitor;
}

/**
 * What `hado monitor run` does on the database: through the running server when there is one, else one pass of
 * the monitor (`runMonitorPass`, the steps the server's runner takes) with the data's own clock; then the open
 * findings counted by kind.
 */
export async function monitorRun(access: DatabaseAccess): Promise<{ counts: FindingCounts }> {
  if (access.kind === 'server') return access.call('POST', '/api/v1/admin/monitor/sweep');
  const clock = await storedClock(access.handle.db);
  await runMonitorPass(access.handle.db, {
    now: clock.now(),
    today: clock.today(),
    settings: notificationSettings(),
    policy: monitorPolicyFromEnv(),
  });
  return { counts: await openCounts(access.handle.db) };
}
