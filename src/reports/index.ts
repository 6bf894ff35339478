/**
 * Non-payment reports and impact statistics (issue 10): the public surface other modules use.
 */
export { loadDemoReports } from './demo-reports.ts';
export { reportRoutes } from './report.routes.ts';
export { recordOutsideReport, submitReport, takeReportStep } from './report.store.ts';
export { readReportStatistics } from './report-statistics.store.ts';
