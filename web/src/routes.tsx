import type { ComponentType } from 'react';
import type { Role } from './api/types.ts';
import { signedInRoles } from './permissions.ts';
import type { Params } from './router.tsx';
import { ContractScreen } from './screens/contract.tsx';
import { ContractListScreen } from './screens/contract-list.tsx';
import { PublicSummaryScreen } from './screens/public-summary.tsx';
import { RegisterSubcontractScreen } from './screens/register-subcontract.tsx';
import { RegisterWorkerScreen } from './screens/register-worker.tsx';
import { ReportStatisticsScreen } from './screens/report-statistics.tsx';
import { SignInScreen } from './screens/sign-in.tsx';
import { WorkerScreen } from './screens/worker.tsx';

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

type NavLabel = 'nav.contracts' | 'nav.myContracts' | 'nav.public' | 'nav.reportStatistics';

export const routes: readonly ScreenRoute[] = [
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
