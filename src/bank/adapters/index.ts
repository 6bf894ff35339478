/** The bank adapter seam (docs/BANK-ADAPTERS.md) and what Hado does through it. */
export type {
  BankAdapter,
  InstructionMessage,
  PolledMessage,
  PollResult,
  SubmitInstructionResult,
} from './bank-adapter.ts';
export { pollBankAdapter } from './poll-bank-adapter.ts';
export { type SubmitClaimResult, submitClaimInstruction } from './submit-instruction.ts';
