// Specifies `hado statement ingest FILE…`: a summary line per file and a total, exit 0; a refused file says
// why on stderr and exits 2; the same files again report `exists` and book nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const hado = fileURLToPath(new URL('../../../bin/hado.js', import.meta.url));
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const files = [
  join(corpus, 'iso20022/camt.053/subite__CAMT_053__2024-03-07.xml'),
  join(corpus, 'iso20022/camt.054/subite__CAMT_054__2024-04-01.xml'),
];

test('hado statement ingest books files, prints summaries, and exits 2 on a refused file', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hado-cli-ingest-'));
  const env = { ...process.env, HADO_DATA_DIR: dataDir, DATABASE_URL: '' };
  try {
    const first = spawnSync(process.execPath, [hado, 'statement', 'ingest', ...files], { env, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/subite__CAMT_053__2024-03-07\.xml: ingested; movements 3, new 3/);
    expect(first.stdout).toMatch(/total of 2 files: movements 56, new 56/);
    const again = spawnSync(process.execPath, [hado, 'statement', 'ingest', '--json', files[0]!], {
      env,
      encoding: 'utf8',
    });
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ result: 'exists', movements: 3, new: 3 });
    const bad = join(corpus, 'mt940/wolph__self-provided__february_30.sta');
    const refused = spawnSync(process.execPath, [hado, 'statement', 'ingest', bad], { env, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/impossible date/);
    const missing = spawnSync(process.execPath, [hado, 'statement', 'ingest', join(dataDir, 'nope.xml')], {
      env,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
