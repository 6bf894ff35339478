// Specifies `hado instructions export` and `hado ledger check` as a user runs them (DESIGN §8): through a running
// `hado serve --demo`, then directly on the embedded database once it stops; every file written validates
// against its XSD; bad input exits 2; a journal row corrupted behind the triggers makes the check exit 3.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateAgainstXsd } from '../bank/instructions/xsd.test-helper.ts';
import { openDatabase } from '../db/database.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const hadoBin = join(repoRoot, 'bin/hado.js');

type Run = { code: number | null; stdout: string; stderr: string };

function hado(args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [hadoBin, ...args], {
      env: { ...process.env, HADO_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      cwd: repoRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

function serve(dataDir: string): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [hadoBin, 'serve', '--demo', '--port', '0'], {
      env: { ...process.env, HADO_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      cwd: repoRoot,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Hado is running at/.test(output)) resolvePromise(child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

describe('hado instructions export and hado ledger check', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hado-claims-cli-'));
  const outDir = mkdtempSync(join(tmpdir(), 'hado-claims-out-'));
  let server: ChildProcess | undefined;
  beforeAll(async () => {
    server = await serve(dataDir);
  }, 180_000);
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  test('through the running server: --all writes one valid pain.001 per paid claim, and the ledger is clean', async () => {
    const folder = join(outDir, 'all-09');
    const run = await hado(['instructions', 'export', '--all', '--out', folder], dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The demo's three paid claims, and the approved one its live bank scenario pays a few seconds after start.
    const files = readdirSync(folder).sort();
    expect(files).toEqual(
      expect.arrayContaining(['1.pain.001.001.09.xml', '2.pain.001.001.09.xml', '3.pain.001.001.09.xml']),
    );
    expect(files.every((name) => /^[0-9]+\.pain\.001\.001\.09\.xml$/.test(name))).toBe(true);
    expect(run.stdout).toContain(`${files.length} paid claim(s) exported`);
    for (const file of files) {
      const validation = validateAgainstXsd(readFileSync(join(folder, file), 'utf8'), 'pain.001.001.09.xsd');
      expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
    }
    const check = await hado(['ledger', 'check', '--json'], dataDir);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ result: 'clean', violations: [] });
  }, 120_000);

  test('bad input exits 2 with a one-line reason', async () => {
    for (const args of [
      ['instructions', 'export', '--claim', '999', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--claim', '5', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--claim', '1', '--all', '--out', outDir],
      ['instructions', 'export', '--claim', '1', '--version', '02', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--claim', '../1', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--direct-payment', '999', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--direct-payment', 'x1', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--direct-payment', '1', '--claim', '1', '--out', join(outDir, 'x.xml')],
      ['instructions', 'export', '--direct-payment', '1', '--all', '--out', outDir],
      ['instructions', 'export', '--all', '--all-direct-payments', '--out', outDir],
    ]) {
      const run = await hado(args, dataDir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  test('directly on the database once the server stops: exports, then a corrupted journal row exits 3', async () => {
    if (server) await stop(server);
    server = undefined;
    const file = join(outDir, 'claim-2.xml');
    const one = await hado(['instructions', 'export', '--claim', '2', '--version', '03', '--out', file], dataDir);
    expect(one, JSON.stringify(one)).toMatchObject({ code: 0, stdout: `${file}\n` });
    const validation = validateAgainstXsd(readFileSync(file, 'utf8'), 'pain.001.001.03.xsd');
    expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
    const all = await hado(
      ['instructions', 'export', '--all', '--version', '03', '--out', join(outDir, 'all-03')],
      dataDir,
    );
    expect(readdirSync(join(outDir, 'all-03')).every((name) => name.endsWith('.pain.001.001.03.xml'))).toBe(true);
    expect(all.code).toBe(0);
    const direct = await hado(
      ['instructions', 'export', '--all-direct-payments', '--out', join(outDir, 'dp')],
      dataDir,
    );
    // The demo world has no direct payment by the buyer: none is written, and the count says so.
    expect(direct).toMatchObject({ code: 0, stdout: '0 direct payment(s) exported\n' });
    expect((await hado(['ledger', 'check'], dataDir)).code).toBe(0);

    const handle = await openDatabase({ engine: 'pglite', dataDir: join(dataDir, 'pglite') });
    try {
      await handle.db.transaction().execute(async (tx) => {
        await sql`set local session_replication_role = replica`.execute(tx);
        await sql`insert into journal_lines (entry_id, contract_id, account_id, side, amount_won)
                  select entry_id, contract_id, account_id, side, 1000 from journal_lines order by id limit 1`.execute(
          tx,
        );
      });
    } finally {
      await handle.close();
    }
    const broken = await hado(['ledger', 'check'], dataDir);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain('entry_unbalanced');
    writeFileSync(join(outDir, 'done'), '');
  }, 180_000);
});
