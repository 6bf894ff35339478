// Specifies the hado command line as a user meets it: help and exit codes, `serve --demo` with the CLI
// going through the running server, a restart that keeps the data without a second demo world, and
// direct database access when no server runs (exit 3 when the audit chain is broken).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../db/database.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const hadoBin = join(repoRoot, 'bin/hado.js');

type Run = { code: number | null; stdout: string; stderr: string };

function hado(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [hadoBin, ...args], {
      env: { ...process.env, ...env, DATABASE_URL: '' },
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

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [hadoBin, 'serve', '--demo', '--port', '0'], {
      env: { ...process.env, HADO_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      cwd: repoRoot,
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Hado is running at (http:\/\/\S+)/.exec(output);
      if (match) resolvePromise({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolvePromise) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolvePromise(code));
    child.kill('SIGTERM');
  });
}

const dataDirs: string[] = [];
const freshDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hado-cli-'));
  dataDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('exit codes', () => {
  test('--help on every command exits 0', async () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['migrate', '--help'],
      ['audit', 'verify', '--help'],
      ['statement', 'parse', '--help'],
    ]) {
      const run = await hado(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: hado');
    }
  });

  test('an unknown command is bad input: exit 2', async () => {
    const run = await hado(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  test('a missing statement file is bad input: exit 2 with one line on stderr', async () => {
    const run = await hado(['statement', 'parse', '/nonexistent/file.xml']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('serve --demo, then the CLI beside it', () => {
  test('serves /health, routes CLI commands through the server, and restarts without a second demo world', async () => {
    const dataDir = freshDataDir();
    const first = await startServe(dataDir);
    try {
      expect(first.output()).toContain('DEMO WORLD');
      expect(first.output()).toMatch(/official\s+\[데모\]/);
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      const serverFile = join(dataDir, 'server.json');
      expect(JSON.parse(readFileSync(serverFile, 'utf8'))).toMatchObject({ url: first.url });

      const verify = await hado(['audit', 'verify'], { HADO_DATA_DIR: dataDir });
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/audit chain intact: \d+ rows/);
      const migrateRun = await hado(['migrate'], { HADO_DATA_DIR: dataDir });
      expect(migrateRun.code).toBe(0);
      expect(migrateRun.stdout).toMatch(/schema is current/);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);

    const second = await startServe(dataDir);
    try {
      const login = await fetch(`${second.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'hado-demo-2026' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const contracts = (await (await fetch(`${second.url}/api/v1/contracts`, { headers: { cookie } })).json()) as {
        items: unknown[];
      };
      expect(contracts.items).toHaveLength(1);
    } finally {
      await stop(second.child);
    }

    // No server now: the CLI opens the database itself, and a tampered audit row makes verify exit 3.
    const direct = await hado(['audit', 'verify'], { HADO_DATA_DIR: dataDir });
    expect(direct.code).toBe(0);
    const handle = await openDatabase({ engine: 'pglite', dataDir: join(dataDir, 'pglite') });
    await sql`update audit_log set actor = 'someone' where id = 2`.execute(handle.db);
    await handle.close();
    const tampered = await hado(['audit', 'verify'], { HADO_DATA_DIR: dataDir });
    expect(tampered.code).toBe(3);
    expect(tampered.stdout).toContain('audit chain broken at row 2');
  }, 120_000);
});
