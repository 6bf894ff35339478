// Specifies `hado statement parse FILE [--summary]`: JSON lines of movements (amounts as decimal text and
// minor units as strings), one summary object with --summary, and exit code 2 with `hado: <reason>` on a bad file.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, test } from 'vitest';
import { statementParseCommand } from './statement-parse.command.ts';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  let stdout = '';
  let stderr = '';
  const output = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const program = new Command('hado').exitOverride();
  program.addCommand(new Command('statement').addCommand(statementParseCommand(output)));
  await program.parseAsync(['statement', 'parse', ...args], { from: 'user' });
  return { stdout, stderr, exitCode: process.exitCode as number | undefined };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('hado statement parse', () => {
  test('prints one JSON line per movement with bigint amounts as strings', async () => {
    const result = await run([`${corpus}iso20022/camt.053/genkgo__camt053.v2.multi.statement.xml`]);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ amountText: '8.85', amountMinor: '885', currency: 'EUR', direction: 'credit' });
    expect(lines[1]).toMatchObject({ amountText: '7.00', amountMinor: '700', direction: 'debit', statementIndex: 1 });
    expect(result.exitCode).toBeUndefined();
  });
  test('--summary prints the DESIGN §8 summary object', async () => {
    const result = await run([`${corpus}iso20022/camt.053/genkgo__camt053.v2.multi.statement.xml`, '--summary']);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ format: 'camt.053.001.02', statuses: [], warnings: [] });
    expect(summary.statements[0]).toEqual({
      id: '253EURNL26VAYB8060476890',
      account: 'NL26VAYB8060476890',
      entries: 1,
      transactions: 1,
      reversals: 0,
      sums: { 'EUR:credit': '8.85' },
      balances: {
        OPBD: { amount: '18.15', currency: 'EUR', direction: 'credit' },
        CLBD: { amount: '27.00', currency: 'EUR', direction: 'credit' },
      },
      reconciles: true,
    });
  });
  test('pain.002 statuses are printed as lines', async () => {
    const result = await run([`${corpus}iso20022/pain.002/nivaes__pain.002.001.03_2.xml`]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: { level: 'transaction', status: 'RJCT', reasons: ['AM05'] },
    });
  });
  test('a bad file exits 2 with a one-line reason on stderr', async () => {
    const result = await run([`${corpus}mt940/wolph__self-provided__february_30.sta`, '--summary']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('hado: wolph__self-provided__february_30.sta:6: impossible date 160230 (2016-02-30)\n');
    expect(result.exitCode).toBe(2);
  });
  test('--max-bytes refuses a larger file', async () => {
    const result = await run([`${corpus}iso20022/camt.053/camtparser__valid_example_v4.xml`, '--max-bytes', '100']);
    expect(result.stderr).toMatch(
      /^hado: camtparser__valid_example_v4\.xml: file larger than the limit of 100 bytes\n$/,
    );
    expect(result.exitCode).toBe(2);
  });
});
