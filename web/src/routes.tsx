import type { ComponentType } from 'react';
import type { Role } from './api/types.ts';
import { signedInRoles } from './permissions.ts';
import type { Params } from './router.tsx';
import { BankPortalScreen } from './screens/bank-portal.tsx';
import { ClaimDetailScreen } from './screens/claim-detail.tsx';
import { ClaimListScreen } from './screens/claim-list.tsx';
import { ClaimSubmitScreen } from './screens/claim-submit.tsx';
import { ContractScreen } from './screens/contract.tsx';
import { ContractListScreen } from './screens/contract-list.tsx';
import { MoneyFlowScreen } from './screens/dashboard-money-flow.tsx';
import { DashboardScreen } from './screens/dashboard-officials.tsx';
import { FindingsScreen } from './screens/findings-queue.tsx';
import { LoanApplyScreen } from './screens/loan-apply.tsx';
import { BankLoansScreen } from './screens/loan-bank.tsx';
import { LoanReceivablesScreen } from './screens/loan-receivables.tsx';
import { LoanStatementScreen } from './screens/loan-statement.tsx';
import { PayeePortalScreen } from './screens/payee-portal.tsx';
import { PublicSummaryScreen } from './screens/public-summary.tsx';
import { RegisterSubcontractScreen } from './screens/register-subcontract.tsx';
import { RegisterSupplyScreen } from './screens/register-supply.tsx';
import { RegisterWorkerScreen } from './screens/register-worker.tsx';
import { ReportDetailScreen } from './screens/report-detail.tsx';
import { ReportMineScreen } from './screens/report-mine.tsx';
import { ReportNewScreen } from './screens/report-new.tsx';
import { ReportQueueScreen } from './screens/report-queue.tsx';
import { ReportStatisticsScreen } from './screens/report-statistics.tsx';
import { SecurityTotpScreen } from './screens/security-totp.tsx';
import { SignInScreen } from './screens/sign-in.tsx';
import { VerifyCertificateScreen } from './screens/verify-certificate.tsx';
import { WorkerScreen } from './screens/worker.tsx';
import { WorkerRosterImportScreen } from './screens/worker-roster-import.tsx';

/**
 * Every screen, in one table: its path, who may open it, and whether (and for whom) it appears in the
 * navigation. A capability that lands adds its screens here (see docs/WEB.md).
 *   access 'anyone': no sign-in needed (public page, worker page, sign-in).
 *   access [roles]: signed in with one of these roles; otherwise the sign-in page, then back here.
 */
export type ScreenProps = { params: Params };

export type ScreenRoute = {
  path: string;
  screen: ComponentType<ScreenProps>;
  access: 'anyone' | readonly Role[];
  nav?: { label: NavLabel; roles: readonly Role[] };
};

type NavLabel =
  | 'dashboard.nav'
  | 'bankPortal.nav'
  | 'loans.nav'
  | 'loans.bankNav'
  | 'nav.contracts'
  | 'nav.myContracts'
  | 'nav.public'
  | 'nav.reportStatistics'
  | 'payee.nav'
  | 'reportForm.nav'
  | 'reportForm.mineNav'
  | 'reportQueue.nav';

export const routes: readonly ScreenRoute[] = [
  { path: '/verify/:token', screen: VerifyCertificateScreen, access: 'anyone' },
  {
    path: '/dashboard',
    screen: DashboardScreen,
    access: ['official', 'admin', 'auditor'],
    nav: { label: 'dashboard.nav', roles: ['official', 'admin', 'auditor'] },
  },
  { path: '/findings', screen: FindingsScreen, access: ['official', 'admin', 'auditor'] },
  { path: '/contracts/:id/money-flow', screen: MoneyFlowScreen, access: ['official', 'admin', 'auditor'] },
  {
    path: '/bank',
    screen: BankPortalScreen,
    access: ['bank', 'official', 'admin', 'auditor'],
    nav: { label: 'bankPortal.nav', roles: ['bank', 'admin'] },
  },
  // Financing against receivables (docs/FINANCING.md): the payee's receivables and loans, applying, a loan's
  // statement (the bank decides an application there), and the bank's applications and portfolio.
  {
    path: '/loans',
    screen: LoanReceivablesScreen,
    access: ['subcontractor', 'supplier'],
    nav: { label: 'loans.nav', roles: ['subcontractor', 'supplier'] },
  },
  { path: '/loans/apply/:lineId', screen: LoanApplyScreen, access: ['subcontractor', 'supplier'] },
  {
    path: '/loans/bank',
    screen: BankLoansScreen,
    access: ['bank'],
    nav: { label: 'loans.bankNav', roles: ['bank'] },
  },
  {
    path: '/loans/:id',
    screen: LoanStatementScreen,
    access: ['subcontractor', 'supplier', 'bank', 'official', 'admin', 'auditor'],
  },
  { path: '/sign-in', screen: SignInScreen, access: 'anyone' },
  {
    path: '/contracts',
    screen: ContractListScreen,
    access: signedInRoles,
    nav: { label: 'nav.contracts', roles: ['admin', 'official', 'auditor', 'prime', 'bank'] },
  },
  { path: '/contracts/:id', screen: ContractScreen, access: signedInRoles },
  { path: '/contracts/:id/subcontracts/new', screen: RegisterSubcontractScreen, access: ['prime', 'subcontractor'] },
  { path: '/contracts/:id/workers/new', screen: RegisterWorkerScreen, access: ['prime', 'subcontractor'] },
  { path: '/contracts/:id/workers/import', screen: WorkerRosterImportScreen, access: ['prime', 'subcontractor'] },
  { path: '/contracts/:id/supply-contracts/new', screen: RegisterSupplyScreen, access: ['prime'] },
  {
    path: '/contracts/:id/claims',
    screen: ClaimListScreen,
    access: ['admin', 'official', 'auditor', 'prime', 'bank'],
  },
  { path: '/contracts/:id/claims/new', screen: ClaimSubmitScreen, access: ['prime'] },
  { path: '/claims/:id', screen: ClaimDetailScreen, access: ['admin', 'official', 'auditor', 'prime', 'bank'] },
  { path: '/claims/:claimId/resubmit', screen: ClaimSubmitScreen, access: ['prime'] },
  {
    path: '/payee',
    screen: PayeePortalScreen,
    access: ['subcontractor', 'supplier'],
    nav: { label: 'payee.nav', roles: ['subcontractor', 'supplier'] },
  },
  {
    path: '/public',
    screen: PublicSummaryScreen,
    access: 'anyone',
    nav: { label: 'nav.public', roles: signedInRoles },
  },
  { path: '/worker', screen: WorkerScreen, access: 'anyone' },
  {
    path: '/reports/statistics',
    screen: ReportStatisticsScreen,
    access: ['admin', 'official', 'auditor'],
    nav: { label: 'nav.reportStatistics', roles: ['admin', 'official', 'auditor'] },
  },
  // Reports (docs/REPORTS.md): intake (a worker signs in by phone on the page itself), the reporter's own list,
  // the officials' queue, and one report; '/reports/:id' comes after the fixed '/reports/…' paths.
  {
    path: '/reports/new',
    screen: ReportNewScreen,
    access: 'anyone',
    nav: { label: 'reportForm.nav', roles: ['subcontractor', 'supplier', 'worker'] },
  },
  {
    path: '/reports/mine',
    screen: ReportMineScreen,
    access: ['subcontractor', 'supplier', 'worker'],
    nav: { label: 'reportForm.mineNav', roles: ['subcontractor', 'supplier', 'worker'] },
  },
  {
    path: '/reports',
    screen: ReportQueueScreen,
    access: ['admin', 'official', 'auditor'],
    nav: { label: 'reportQueue.nav', roles: ['admin', 'official', 'auditor'] },
  },
  {
    path: '/reports/:id',
    screen: ReportDetailScreen,
    access: ['admin', 'official', 'auditor', 'subcontractor', 'supplier', 'worker'],
  },
  { path: '/security/totp', screen: SecurityTotpScreen, access: signedInRoles },
];

/** Subcontractors and suppliers see their own contracts, under a name that says so. */
const myContracts: ScreenRoute = {
  path: '/contracts',
  screen: ContractListScreen,
  access: signedInRoles,
  nav: { label: 'nav.myContracts', roles: ['subcontractor', 'supplier'] },
};

export function navigationFor(role: Role): { path: string; label: NavLabel }[] {
  return [myContracts, ...routes]
    .filter((route) => route.nav?.roles.includes(role))
    .map((route) => ({ path: route.path, label: route.nav!.label }));
}

/** Where a role lands after signing in, and at `/`. */
export const homeFor = (role: Role): string => (role === 'public' || role === 'worker' ? '/public' : '/contracts');
