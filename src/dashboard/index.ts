/**
 * The officials' dashboard and the bank portal's reads (issue 7): set-based aggregates over obligations, the
 * ledger, findings and bank messages; one contract's money flow.
 */
export { dashboardRoutes } from './dashboard.routes.ts';
export { contractMoneyFlow, dashboardFigures, recentBankMessages } from './dashboard.store.ts';
export { monthsEndingWith, paymentDayBuckets } from './dashboard-periods.ts';
