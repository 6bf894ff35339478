import { CommanderError } from 'commander';
import { Refusal } from '../http/refusals.ts';
import { BadInputError } from '../kernel/bad-input.ts';

/**
 * Exit codes of every command (DESIGN §8): 0 success, 1 internal failure, 2 bad input (one line on
 * stderr), 3 a check found violations. A command's action returns its exit code; throws are mapped here.
 */
export const exitCodes = { ok: 0, internal: 1, badInput: 2, violations: 3 } as const;

export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return exitCodes.ok;
    }
    return exitCodes.badInput;
  }
  if (error instanceof BadInputError || error instanceof Refusal) return exitCodes.badInput;
  return exitCodes.internal;
}

export function describeError(error: unknown): string {
  if (error instanceof BadInputError || error instanceof Refusal) return oneLine(error.message);
  if (error instanceof Error) return oneLine(`internal error: ${error.message}`);
  return `internal error: ${String(error)}`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Commander actions return nothing; ours return their exit code, which this records. */
export function settingExitCode<A extends unknown[]>(action: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<void> => {
    process.exitCode = await action(...args);
  };
}
