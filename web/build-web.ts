/**
 * `npm run build:web` (and `npm install`, through `prepare`): builds the web application into web/dist.
 * With `--if-stale` (`npm start`, through `prestart`) it builds only when dist is missing or older than a
 * source file, so starting stays fast.
 */
import { buildWeb, isWebBuildStale } from './build.ts';

const ifStale = process.argv.includes('--if-stale');
if (!ifStale || isWebBuildStale()) {
  process.stdout.write('Building the web application into web/dist …\n');
  await buildWeb();
  process.stdout.write('Web application built.\n');
}
