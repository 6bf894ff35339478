// Specifies the names of the files `hado instructions export --all` writes, and the versions it accepts.
import { expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { pain001FileName } from './pain001-file-name.ts';
import { pain001Namespace, parsePain001Version } from './transfer-instruction.ts';

for (const row of [
  { claimId: 'CLM-2026-0001', version: '09', expected: 'CLM-2026-0001.pain.001.001.09.xml' },
  {
    claimId: '0192f3a4-7b1c-7d2e-9f00-123456789abc',
    version: '03',
    expected: '0192f3a4-7b1c-7d2e-9f00-123456789abc.pain.001.001.03.xml',
  },
] as const) {
  test(`${row.claimId}, ${row.version} → ${row.expected}`, () => {
    expect(pain001FileName(row.claimId, row.version)).toBe(row.expected);
  });
}

for (const claimId of ['', '../etc/passwd', 'a/b', 'a\\b', '.hidden', 'a b', 'C'.repeat(129)]) {
  test(`claim id ${JSON.stringify(claimId)} is never a file name`, () => {
    expect(() => pain001FileName(claimId, '09')).toThrow(AssertionError);
  });
}

test('--version takes 09 or 03 and nothing else', () => {
  expect(['09', '03', '9', '3', '10', '001.001.09', ''].map(parsePain001Version)).toEqual([
    '09',
    '03',
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});

test('namespaces name the version', () => {
  expect(pain001Namespace('09')).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
  expect(pain001Namespace('03')).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03');
});
