/**
 * The dashboard's own limits (STYLE §5). They live beside the module rather than in kernel/limits.ts only
 * because several engineers edit that file at once; the lead may move them there.
 */

/** Contracts listed one by one on the dashboard (the worst overdue first); the totals always cover every one. */
export const dashboardContractsMax = 500;
/** Months of history in the on-time chart. */
export const dashboardMonthsMax = 12;
/** Obligations listed in one contract's money flow (a contract has at most a few thousand a year). */
export const moneyFlowObligationsMax = 10_000;
/** Recent bank messages listed in the bank portal. */
export const recentBankMessagesMax = 50;
