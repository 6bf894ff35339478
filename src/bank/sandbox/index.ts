/**
 * The sandbox bank (DESIGN §4): a simulated participating bank that speaks ISO 20022 over the same signed
 * channel, in-process for the demo and the tests, standalone as `hado bank-sim`.
 */
export { sandboxAccountHolderCheck } from './account-holder-check.ts';
export { type BookingLine, buildCamt053, buildCamt054, buildPain002, type ReportedAccount } from './bank-messages.ts';
export { bankKeyCommand, bankSimCommand, sandboxHttp } from './bank-sim.command.ts';
export { type InstructedBlock, type InstructedTransfer, type Pain001Document, readPain001 } from './read-pain001.ts';
export {
  deliverInProcess,
  deliverOverHttp,
  deliveryOutcomeOf,
  httpSandboxAdapter,
  inProcessSandboxAdapter,
} from './sandbox-adapter.ts';
export {
  type DeliveryOutcome,
  type OutgoingMessage,
  type RejectionReason,
  type ReturnRule,
  SandboxBank,
  type SandboxBankOptions,
  type SubmitPain001Result,
} from './sandbox-bank.ts';
