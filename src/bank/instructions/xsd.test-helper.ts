import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The official ISO 20022 schemas live in the shared corpus beside the repository (`../shared/corpus/xsd/` from
 * the repository root), wherever the repository is cloned; this file is three folders below the root.
 */
export const xsdFolder = fileURLToPath(new URL('../../../../shared/corpus/xsd/', import.meta.url));

/** The outcome of a schema check: xmllint's own messages when the document is invalid. */
export type XsdValidation = { readonly valid: true } | { readonly valid: false; readonly errors: string };

/**
 * Validates an XML document against one of the official schemas (`pain.001.001.09.xsd`, `camt.053.001.02.xsd`, …)
 * with xmllint (Debian's libxml2-utils), the same check the corpus README uses. The document is written as UTF-8
 * to a temporary folder that is removed afterwards. A missing xmllint or schema throws: a test that cannot
 * validate must fail, never pass quietly.
 */
export function validateAgainstXsd(xml: string, xsdName: string): XsdValidation {
  if (!/^[a-z]{4}\.\d{3}\.\d{3}\.\d{2}\.xsd$/.test(xsdName)) throw new Error(`not a schema name: ${xsdName}`);
  const xsdPath = join(xsdFolder, xsdName);
  if (!existsSync(xsdPath)) throw new Error(`schema not found: ${xsdPath}`);
  const folder = mkdtempSync(join(tmpdir(), 'hado-xsd-'));
  try {
    const documentPath = join(folder, 'document.xml');
    writeFileSync(documentPath, xml, 'utf8');
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, documentPath], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (install libxml2-utils): ${run.error.message}`);
    if (run.status === 0) return { valid: true };
    return { valid: false, errors: `${run.stderr}`.trim() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
