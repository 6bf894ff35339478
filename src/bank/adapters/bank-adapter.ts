import type { AccountHolderCheck } from '../../http/app-context.ts';

/**
 * A bank as Hado talks to it: the one seam between Hado and a participating bank (docs/BANK-ADAPTERS.md). The
 * sandbox bank implements it in the demo and the tests; a real bank's adapter replaces it by configuration.
 *
 * Money never moves on Hado's word alone: Hado *submits* instructions (pain.001) and the bank *reports* what
 * it did (camt.052/053/054, pain.002, MT940). Reports reach Hado in one of two ways, and an adapter supports
 * at least one: the bank pushes them to the signed inbound channel (`POST /api/v1/bank/messages`) or a drop
 * folder, or Hado polls for them (`pollStatements`, e.g. KFTC open banking, a firm-banking batch download).
 */
export interface BankAdapter {
  /** Names the adapter in logs and in the poll cursor's key, e.g. `sandbox`, `kftc-openbanking`. */
  readonly name: string;
  /** The banks (3-digit codes) whose dedicated accounts this adapter serves. */
  readonly bankCodes: readonly string[];
  /**
   * Hands a pain.001 to the bank. `accepted` means the bank took it for execution (not that money moved: the
   * bank's reports say that); a message id the bank has seen is `duplicate`, never executed twice.
   */
  submitInstruction(message: InstructionMessage): Promise<SubmitInstructionResult>;
  /** 예금주 조회: does the account exist, and in whose name (payee verification, DESIGN §8). */
  readonly checkAccountHolder: AccountHolderCheck;
  /**
   * For banks that do not push: the report messages since `cursor` (opaque, the adapter's own), and the cursor
   * to continue from. Each message is ingested like a pushed one (same duplicate rule), so a poll that is
   * repeated after a crash books nothing twice.
   */
  pollStatements?(cursor: string | null): Promise<PollResult>;
}

export type InstructionMessage = {
  /** GrpHdr/MsgId: unique per message; the same id again must never execute twice. */
  readonly messageId: string;
  readonly bankCode: string;
  readonly xml: string;
  readonly transactionCount: number;
};

export type SubmitInstructionResult =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'duplicate' }
  /** The bank refused the message as a whole (malformed, unknown debtor account): nothing will execute. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The bank did not answer; submitting the same message again later is safe. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export type PolledMessage = { readonly name: string; readonly body: Uint8Array };
export type PollResult = { readonly messages: readonly PolledMessage[]; readonly cursor: string | null };
