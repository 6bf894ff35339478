/**
 * The monitor (DESIGN §2 step 6, issue 5): pure rules over obligations and today's date, a set-based sweep that
 * raises each finding once and resolves what no longer holds, delay interest statements, escalation to direct
 * payment, and the messages all of that causes.
 */
export {
  classifyObligation,
  findingsOf,
  type MonitoredObligation,
  type ObligationStatus,
} from './classify-obligation.ts';
export { clockRoutes } from './clock.routes.ts';
export { directPaymentRoutes } from './direct-payment.routes.ts';
export {
  directPaymentDecidedEntry,
  directPaymentEndToEndId,
  directPaymentIdOfEndToEndId,
  directPaymentIdOfMessageId,
  directPaymentMessageId,
  directPaymentSettledEntry,
} from './direct-payment.ts';
export {
  type DirectPaymentInstruction,
  directPaymentInstruction,
  type SubmitDirectPaymentResult,
  standingDirectPaymentIds,
  submitDirectPaymentInstruction,
  submitPendingDirectPayments,
  unsubmittedDirectPayments,
} from './direct-payment-instruction.ts';
export {
  directPaymentRefusals,
  type TakeDirectPaymentResult,
  takeDirectPayment,
} from './execute-direct-payment.ts';
export {
  type FindingCounts,
  findingPolicy,
  type MonitoredKind,
  monitoredKinds,
  ownerOf,
  zeroCounts,
} from './finding-kinds.ts';
export { changeFindingState, decideSuggestion, nextFindingState } from './finding-state.ts';
export { bearsInterest, verdictsOf } from './interest.ts';
export { monitorRoutes } from './monitor.routes.ts';
export { MonitorRunner, type MonitorRunnerOptions } from './monitor-runner.ts';
export { type DirectPaymentRejection, rejectDirectPayments } from './reject-direct-payments.ts';
export { type MonitorPassResult, runMonitorPass } from './run-monitor-pass.ts';
export { settleDirectPayments } from './settle-direct-payments.ts';
export {
  demoClockSettingKey,
  demoDaySecondsDefault,
  demoDaySecondsFromEnv,
  saveDemoClock,
  startDemoClock,
  storedClock,
} from './stored-clock.ts';
export {
  defaultMonitorPolicy,
  type MonitorPolicy,
  monitorPolicyFromEnv,
  openCounts,
  runSweep,
  type SweepOptions,
  type SweepResult,
} from './sweep.ts';
