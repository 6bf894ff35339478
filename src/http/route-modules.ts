import { adminRoutes } from '../auth/admin.routes.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { bankRoutes } from '../bank/inbound/index.ts';
import { claimRoutes, payeePortalRoutes } from '../claims/index.ts';
import { dashboardRoutes } from '../dashboard/index.ts';
import { documentsRoutes } from '../documents/index.ts';
import { eventsRoutes } from '../events/index.ts';
import { financeRoutes } from '../finance/index.ts';
import { ledgerRoutes } from '../ledger/ledger.routes.ts';
import { clockRoutes, directPaymentRoutes, monitorRoutes } from '../monitor/index.ts';
import { messagesRoutes, smsReceiptRoutes } from '../outbox/index.ts';
import { privacyRoutes } from '../privacy/privacy.routes.ts';
import { registryRoutes } from '../registry/registry.routes.ts';
import { workerRosterRoutes } from '../registry/worker-roster-import.ts';
import { reportRoutes } from '../reports/index.ts';
import { rulesRoutes } from '../rules/rules.routes.ts';
import { publicRoutes } from '../web/public.routes.ts';
import { webRoutes } from '../web/web.routes.ts';
import { workerRoutes } from '../worker-access/index.ts';
import type { RouteModule } from './server.ts';

/**
 * Every capability's routes, in one list: a capability that lands adds its module here, before webRoutes
 * (its catch-all serves the web application for every other GET).
 */
export const routeModules: readonly RouteModule[] = [
  authRoutes,
  adminRoutes,
  registryRoutes,
  rulesRoutes,
  claimRoutes,
  payeePortalRoutes,
  ledgerRoutes,
  bankRoutes,
  privacyRoutes,
  publicRoutes,
  reportRoutes,
  monitorRoutes,
  directPaymentRoutes,
  clockRoutes,
  messagesRoutes,
  smsReceiptRoutes,
  eventsRoutes,
  workerRoutes,
  financeRoutes,
  dashboardRoutes,
  workerRosterRoutes,
  // Exports every list above with the list's own roles: stays after the modules whose lists it exports.
  documentsRoutes,
  webRoutes,
];
