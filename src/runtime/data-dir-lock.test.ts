// Specifies the embedded database's lock: one process at a time, a clear message naming the holder, and
// a lock left by a dead process taken over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { BadInputError } from '../kernel/bad-input.ts';
import { lockDataDir } from './data-dir-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'hado-lock-'));
afterEach(() => rmSync(join(dir, 'hado.lock'), { force: true }));

test('a live holder is named and the second opener refused', async () => {
  const holder = spawn('sleep', ['30']);
  try {
    writeFileSync(join(dir, 'hado.lock'), String(holder.pid));
    expect(() => lockDataDir(dir)).toThrow(BadInputError);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${holder.pid}`);
  } finally {
    holder.kill();
  }
});

test('a lock left by a dead process is taken over, and released', () => {
  writeFileSync(join(dir, 'hado.lock'), '999999');
  const lock = lockDataDir(dir);
  expect(() => lockDataDir(dir)).not.toThrow(); // the same process may re-enter
  lock.release();
});
