import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { type Pain001Version, pain001FileName, parsePain001Version } from '../bank/instructions/index.ts';
import { type DatabaseAccess, withDatabase } from '../cli/database-access.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { configFromEnv } from '../runtime/config.ts';
import { claimInstruction, paidClaimIds } from './transfer-instructions.ts';

export type CommandOutput = { readonly stdout: { write(text: string): unknown } };

/**
 * `hado instructions export (--claim ID | --all) [--version 09|03] --out PATH` (DESIGN §8): the pain.001 of one
 * paid claim to a file (or into PATH when it is a folder), or of every paid claim into the folder PATH, which is
 * created if needed and receives only `<claim id>.pain.001.001.<version>.xml` files.
 */
export function instructionsCommand(output: CommandOutput = process): Command {
  const instructions = new Command('instructions').description('ISO 20022 pain.001 transfer instructions');
  instructions
    .command('export')
    .description('write the divided transfers of paid claims as pain.001 (one file per claim)')
    .option('--claim <id>', 'the paid claim to export')
    .option('--all', 'every paid claim, one file each, into the folder --out')
    .option('--version <version>', 'pain.001.001 version: 09 (default) or 03', '09')
    .requiredOption('--out <path>', 'the file (with --claim) or folder (with --all) to write')
    .action(async (options: { claim?: string; all?: boolean; version: string; out: string }) => {
      const version = parsePain001Version(options.version);
      if (!version) throw new BadInputError(`--version must be 09 or 03, not ${options.version}`);
      if (Boolean(options.claim) === Boolean(options.all)) throw new BadInputError('give either --claim ID or --all');
      if (options.claim !== undefined && !/^[1-9][0-9]{0,17}$/.test(options.claim)) {
        throw new BadInputError(`not a claim id: ${options.claim}`);
      }
      const written = await withDatabase(configFromEnv(), async (access) => {
        if (options.claim !== undefined) {
          const xml = await instructionXml(access, BigInt(options.claim), version);
          const path = isDirectory(options.out)
            ? join(options.out, pain001FileName(options.claim, version))
            : options.out;
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, xml, 'utf8');
          return [path];
        }
        if (existsAsFile(options.out)) throw new BadInputError(`--out must be a folder with --all: ${options.out}`);
        mkdirSync(options.out, { recursive: true });
        const paths: string[] = [];
        for (const claimId of await paidClaims(access)) {
          const path = join(options.out, pain001FileName(String(claimId), version));
          writeFileSync(path, await instructionXml(access, claimId, version), 'utf8');
          paths.push(path);
        }
        return paths;
      });
      for (const path of written) output.stdout.write(`${path}\n`);
      if (options.all) output.stdout.write(`${written.length} paid claim(s) exported\n`);
      process.exitCode = 0;
    });
  return instructions;
}

async function instructionXml(access: DatabaseAccess, claimId: bigint, version: Pain001Version): Promise<string> {
  if (access.kind === 'direct') {
    const built = await claimInstruction(access.handle.db, claimId, version);
    if (built.result === 'built') return built.xml;
    if (built.result === 'not_found') throw new BadInputError(`no claim ${claimId}`);
    if (built.result === 'claim_not_paid') throw new BadInputError(`claim ${claimId} is not paid`);
    throw new Error(`claim ${claimId}: the instruction cannot be built (${built.result} at ${built.field})`);
  }
  const response = await fetch(
    new URL(`/api/v1/claims/${claimId}/instructions?version=${version}`, access.server.url),
    {
      headers: { authorization: `Bearer ${access.server.token}` },
    },
  );
  const text = await response.text();
  if (response.ok) return text;
  if (response.status === 404) throw new BadInputError(`no claim ${claimId}`);
  if (response.status === 409) throw new BadInputError(`claim ${claimId} is not paid`);
  throw new Error(`server answered ${response.status}: ${text.slice(0, 300)}`);
}

async function paidClaims(access: DatabaseAccess): Promise<bigint[]> {
  if (access.kind === 'direct') return paidClaimIds(access.handle.db);
  const ids: bigint[] = [];
  let after: string | null = null;
  do {
    const page: { items: { id: string }[]; nextAfter: string | null } = await access.call(
      'GET',
      `/api/v1/claims?status=paid&limit=200${after ? `&after=${after}` : ''}`,
    );
    ids.push(...page.items.map((item) => BigInt(item.id)));
    after = page.nextAfter;
  } while (after !== null);
  return ids;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function existsAsFile(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}
