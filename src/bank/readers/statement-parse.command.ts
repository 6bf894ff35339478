import { Command, InvalidArgumentError } from 'commander';
import { BadInputError } from '../../kernel/bad-input.ts';
import type { BankMovement } from './bank-movement.ts';
import { readStatementBatches } from './read-statement.ts';
import { summarizeStatementFile } from './summarize-statement.ts';

/** Where the command writes; tests pass their own to capture output. */
export type StatementParseOutput = {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
};

/**
 * `hado statement parse FILE [--summary] [--max-bytes N]`: prints the file's movements as JSON lines, or
 * with `--summary` one JSON object (DESIGN §8). A bad file exits 2 with a one-line reason on stderr.
 */
export function statementParseCommand(output: StatementParseOutput = process): Command {
  return new Command('parse')
    .description('Read a bank file (camt.052/053/054, pain.002, MT940/MT942) and print normalised movements')
    .argument('<file>', 'the bank file')
    .option('--summary', 'print one JSON summary object instead of movements')
    .option('--max-bytes <bytes>', 'refuse files larger than this (default: no limit; files are streamed)', parseBytes)
    .action(async (file: string, options: { summary?: boolean; maxBytes?: number }) => {
      const readOptions = { fileBytesMax: options.maxBytes ?? Number.POSITIVE_INFINITY };
      try {
        if (options.summary) {
          const summary = await summarizeStatementFile(file, readOptions);
          output.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        // One write per batch (a few hundred lines) rather than per line: a large file prints at parsing speed.
        for await (const batch of readStatementBatches(file, readOptions)) {
          let lines = '';
          for (const event of batch) {
            if (event.kind === 'movement') lines += `${movementJson(event.movement)}\n`;
            else if (event.kind === 'status') lines += `${JSON.stringify({ status: event.status })}\n`;
          }
          if (lines !== '') output.stdout.write(lines);
        }
      } catch (error) {
        // Until the top-level handler maps BadInputError to exit 2, the command does it itself.
        if (!(error instanceof BadInputError)) throw error;
        output.stderr.write(`hado: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
}

/** One movement as a JSON line: amounts as decimal text and minor units as a string (JSON has no bigint). */
export function movementJson(movement: BankMovement): string {
  return JSON.stringify({
    ...movement,
    amountMinor: movement.amountMinor === null ? null : movement.amountMinor.toString(),
  });
}

function parseBytes(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('a whole number of bytes');
  return Number(text);
}
