import type { RouteModule } from '../http/server.ts';
import { certificateRoutes } from './certificate.routes.ts';
import { exportRoutes } from './export.routes.ts';

/**
 * Documents (issue 7): every list as CSV/XLSX, the payment verification certificate (PDF with a QR code) and
 * its public verification. Registered after every module whose lists it exports, before the web catch-all.
 */
export const documentsRoutes: RouteModule = async (app, context) => {
  certificateRoutes(app, context);
  exportRoutes(app, context);
};
