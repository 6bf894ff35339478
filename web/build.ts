import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the web application into web/dist. `hado serve` serves what is there; the browser tests and
 * `npm start` call this first so they never run an old build against new sources.
 */
export const webDirectory = fileURLToPath(new URL('.', import.meta.url));
const builtIndex = join(webDirectory, 'dist', 'index.html');
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'build.ts'].map((name) => join(webDirectory, name));
/** The server-side rules the forms share (web/src/validation.ts imports them). */
const sharedSources = [fileURLToPath(new URL('../src/kernel/identifiers.ts', import.meta.url))];

function newestModifiedMs(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModifiedMs(join(path, entry)));
  return newest;
}

/** True when web/dist is missing or older than any source file. */
export function isWebBuildStale(): boolean {
  const built = statSync(builtIndex, { throwIfNoEntry: false });
  if (!built) return true;
  return Math.max(...[...sources, ...sharedSources].map(newestModifiedMs)) > built.mtimeMs;
}

export async function buildWeb(options: { ifStale?: boolean } = {}): Promise<'built' | 'up_to_date'> {
  if (options.ifStale && !isWebBuildStale()) return 'up_to_date';
  // A production build whatever NODE_ENV says: vitest sets it to 'test', which would make Vite bundle
  // React's development build (double effects, warnings) when the browser tests build the app.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(webDirectory, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return 'built';
}
