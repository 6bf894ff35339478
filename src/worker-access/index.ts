/** The worker self-check: one-time codes by SMS, worker sessions, and a worker's own wages. */

export { workerRoutes } from './worker.routes.ts';
export { type RequestOtpResult, requestWorkerOtp, type VerifyOtpResult, verifyWorkerOtp } from './worker-otp.store.ts';
export { newWorkerOtp, workerOtpHash, workerOtpMatches } from './worker-otp.ts';
export {
  callerForWorkerSession,
  createWorkerSession,
  endWorkerSession,
  type WorkerSessionCaller,
  workerSessionCookieName,
} from './worker-sessions.ts';
