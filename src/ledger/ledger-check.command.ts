import { Command } from 'commander';
import { withDatabase } from '../cli/database-access.ts';
import { configFromEnv } from '../runtime/config.ts';
import { ledgerCheckOut } from './ledger.routes.ts';
import { checkLedger } from './ledger-check.ts';

/** Where the command writes; tests pass their own to capture output. */
export type CommandOutput = { readonly stdout: { write(text: string): unknown } };

type CheckAnswer = ReturnType<typeof ledgerCheckOut>;

/**
 * `hado ledger check [--json]`: verifies every ledger invariant, through the running server's admin API when
 * there is one and on the database directly otherwise. Exit 0 when clean, 3 on any violation (DESIGN §8).
 */
export function ledgerCommand(output: CommandOutput = process): Command {
  const ledger = new Command('ledger').description('the double-entry ledger of every contract');
  ledger
    .command('check')
    .description('verify that every entry balances and no account broke its rules; exit 3 on any violation')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const answer = await withDatabase(
        configFromEnv(),
        async (access): Promise<CheckAnswer> =>
          access.kind === 'server'
            ? access.call<CheckAnswer>('GET', '/api/v1/admin/ledger/check')
            : ledgerCheckOut(await checkLedger(access.handle.db)),
      );
      if (options.json) {
        output.stdout.write(`${JSON.stringify(answer)}\n`);
      } else {
        const { totals } = answer;
        output.stdout.write(
          `ledger ${answer.result}: ${totals.entries} entries, ${totals.lines} lines, ` +
            `debits ${totals.debitWon} = credits ${totals.creditWon} won\n`,
        );
        for (const violation of answer.violations) {
          output.stdout.write(`  ${violation.code}: ${violation.count}\n`);
          for (const example of violation.examples.slice(0, 10)) output.stdout.write(`    ${example}\n`);
        }
      }
      process.exitCode = answer.result === 'clean' ? 0 : 3;
    });
  return ledger;
}
