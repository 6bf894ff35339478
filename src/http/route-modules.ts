import { adminRoutes } from '../auth/admin.routes.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { registryRoutes } from '../registry/registry.routes.ts';
import type { RouteModule } from './server.ts';

/** Every capability's routes, in one list: a capability that lands adds its module here. */
export const routeModules: readonly RouteModule[] = [authRoutes, adminRoutes, registryRoutes];
