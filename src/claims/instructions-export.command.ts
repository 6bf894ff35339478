import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { type Pain001Version, pain001FileName, parsePain001Version } from '../bank/instructions/index.ts';
import { type DatabaseAccess, withDatabase } from '../cli/database-access.ts';
import { BadInputError } from '../kernel/bad-input.ts';
import { directPaymentInstruction, directPaymentMessageId, standingDirectPaymentIds } from '../monitor/index.ts';
import { configFromEnv } from '../runtime/config.ts';
import { claimInstruction, paidClaimIds } from './transfer-instructions.ts';

export type CommandOutput = { readonly stdout: { write(text: string): unknown } };

/**
 * What to export: one paid claim's division, one direct payment by the buyer, every paid claim (`--all`, which
 * DESIGN §8 fixes to claim files only), or every standing direct payment.
 */
export type ExportTarget =
  | { readonly kind: 'claim'; readonly id: bigint }
  | { readonly kind: 'direct_payment'; readonly id: bigint }
  | { readonly kind: 'all' }
  | { readonly kind: 'all_direct_payments' };

export type ExportResult = {
  readonly paths: readonly string[];
  readonly claims: number;
  readonly directPayments: number;
};

const idPattern = /^[1-9][0-9]{0,17}$/;

/**
 * `hado instructions export (--claim ID | --all | --direct-payment ID | --all-direct-payments) [--version 09|03]
 * --out PATH` (DESIGN §8): the pain.001 of one paid claim or of one direct payment by the buyer to a file (or into
 * PATH when it is a folder); with `--all`, every paid claim's into the folder PATH (created if needed), which
 * receives only `<claim id>.pain.001.001.<version>.xml` files; with `--all-direct-payments`, every standing direct
 * payment's (instructed or paid) as `HADO-DP<id>.pain.001.001.<version>.xml`.
 */
export function instructionsCommand(output: CommandOutput = process): Command {
  const instructions = new Command('instructions').description('ISO 20022 pain.001 transfer instructions');
  instructions
    .command('export')
    .description(
      'write pain.001 transfer instructions: the division of paid claims (one file per claim) and direct payments ' +
        'by the buyer (one file each)',
    )
    .option('--claim <id>', 'the paid claim to export')
    .option('--direct-payment <id>', 'the direct payment by the buyer to export (Framework Act §35)')
    .option('--all', 'every paid claim, one file each, into the folder --out')
    .option('--all-direct-payments', 'every instructed or paid direct payment, one file each, into the folder --out')
    .option('--version <version>', 'pain.001.001 version: 09 (default) or 03', '09')
    .requiredOption('--out <path>', 'the file (with --claim or --direct-payment) or folder (with --all…) to write')
    .action(
      async (options: {
        claim?: string;
        directPayment?: string;
        all?: boolean;
        allDirectPayments?: boolean;
        version: string;
        out: string;
      }) => {
        const version = parsePain001Version(options.version);
        if (!version) throw new BadInputError(`--version must be 09 or 03, not ${options.version}`);
        const given = [
          options.claim !== undefined,
          options.directPayment !== undefined,
          Boolean(options.all),
          Boolean(options.allDirectPayments),
        ];
        if (given.filter(Boolean).length !== 1) {
          throw new BadInputError('give one of --claim ID, --all, --direct-payment ID or --all-direct-payments');
        }
        if (options.claim !== undefined && !idPattern.test(options.claim)) {
          throw new BadInputError(`not a claim id: ${options.claim}`);
        }
        if (options.directPayment !== undefined && !idPattern.test(options.directPayment)) {
          throw new BadInputError(`not a direct payment id: ${options.directPayment}`);
        }
        const target: ExportTarget =
          options.claim !== undefined
            ? { kind: 'claim', id: BigInt(options.claim) }
            : options.directPayment !== undefined
              ? { kind: 'direct_payment', id: BigInt(options.directPayment) }
              : options.all
                ? { kind: 'all' }
                : { kind: 'all_direct_payments' };
        const result = await withDatabase(configFromEnv(), (access) =>
          exportInstructions(access, { target, version, out: options.out }),
        );
        for (const path of result.paths) output.stdout.write(`${path}\n`);
        if (target.kind === 'all') output.stdout.write(`${result.claims} paid claim(s) exported\n`);
        if (target.kind === 'all_direct_payments') {
          output.stdout.write(`${result.directPayments} direct payment(s) exported\n`);
        }
        process.exitCode = 0;
      },
    );
  return instructions;
}

/**
 * Writes the instructions `target` names under `out` (a file, or a folder: always a folder for `all`), through
 * the running server or directly on the database. Bad input (an unknown or unpaid claim, an unknown direct
 * payment, a file where a folder is needed) is a `BadInputError`.
 */
export async function exportInstructions(
  access: DatabaseAccess,
  request: { readonly target: ExportTarget; readonly version: Pain001Version; readonly out: string },
): Promise<ExportResult> {
  const { target, version, out } = request;
  if (target.kind === 'claim' || target.kind === 'direct_payment') {
    const xml =
      target.kind === 'claim'
        ? await claimXml(access, target.id, version)
        : await directPaymentXml(access, target.id, version);
    const name = target.kind === 'claim' ? String(target.id) : directPaymentMessageId(target.id);
    const path = isDirectory(out) ? join(out, pain001FileName(name, version)) : out;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, xml, 'utf8');
    return {
      paths: [path],
      claims: target.kind === 'claim' ? 1 : 0,
      directPayments: target.kind === 'direct_payment' ? 1 : 0,
    };
  }
  if (existsAsFile(out)) throw new BadInputError(`--out must be a folder with --all: ${out}`);
  mkdirSync(out, { recursive: true });
  const paths: string[] = [];
  const claims = target.kind === 'all' ? await paidClaims(access) : [];
  for (const claimId of claims) {
    const path = join(out, pain001FileName(String(claimId), version));
    writeFileSync(path, await claimXml(access, claimId, version), 'utf8');
    paths.push(path);
  }
  const directPayments = target.kind === 'all_direct_payments' ? await standingDirectPayments(access) : [];
  for (const directPaymentId of directPayments) {
    const path = join(out, pain001FileName(directPaymentMessageId(directPaymentId), version));
    writeFileSync(path, await directPaymentXml(access, directPaymentId, version), 'utf8');
    paths.push(path);
  }
  return { paths, claims: claims.length, directPayments: directPayments.length };
}

async function claimXml(access: DatabaseAccess, claimId: bigint, version: Pain001Version): Promise<string> {
  if (access.kind === 'direct') {
    const built = await claimInstruction(access.handle.db, claimId, version);
    if (built.result === 'built') return built.xml;
    if (built.result === 'not_found') throw new BadInputError(`no claim ${claimId}`);
    if (built.result === 'claim_not_paid') throw new BadInputError(`claim ${claimId} is not paid`);
    throw new Error(`claim ${claimId}: the instruction cannot be built (${built.result} at ${built.field})`);
  }
  const response = await serverGet(access, `/api/v1/claims/${claimId}/instructions?version=${version}`);
  const text = await response.text();
  if (response.ok) return text;
  if (response.status === 404) throw new BadInputError(`no claim ${claimId}`);
  if (response.status === 409) throw new BadInputError(`claim ${claimId} is not paid`);
  throw new Error(`server answered ${response.status}: ${text.slice(0, 300)}`);
}

/** The same document `GET /api/v1/direct-payments/:id/instruction` serves. */
async function directPaymentXml(access: DatabaseAccess, directPaymentId: bigint, version: Pain001Version) {
  if (access.kind === 'direct') {
    const built = await directPaymentInstruction(access.handle.db, directPaymentId, version);
    if (built.result === 'built') return built.xml;
    if (built.result === 'not_found') throw new BadInputError(`no direct payment ${directPaymentId}`);
    throw new Error(
      `direct payment ${directPaymentId}: the instruction cannot be built (${built.result} at ${built.field})`,
    );
  }
  const response = await serverGet(access, `/api/v1/direct-payments/${directPaymentId}/instruction?version=${version}`);
  const text = await response.text();
  if (response.ok) return text;
  if (response.status === 404) throw new BadInputError(`no direct payment ${directPaymentId}`);
  throw new Error(`server answered ${response.status}: ${text.slice(0, 300)}`);
}

function serverGet(access: DatabaseAccess & { kind: 'server' }, path: string): Promise<Response> {
  return fetch(new URL(path, access.server.url), { headers: { authorization: `Bearer ${access.server.token}` } });
}

async function paidClaims(access: DatabaseAccess): Promise<bigint[]> {
  if (access.kind === 'direct') return paidClaimIds(access.handle.db);
  return pagedIds(access, '/api/v1/claims?status=paid', () => true);
}

async function standingDirectPayments(access: DatabaseAccess): Promise<bigint[]> {
  if (access.kind === 'direct') return standingDirectPaymentIds(access.handle.db);
  return pagedIds(access, '/api/v1/direct-payments?', (item) => item.state !== 'rejected');
}

/** Every id of a paged list (the API's `nextAfter` keyset), in order, keeping the items `keep` accepts. */
async function pagedIds(
  access: DatabaseAccess & { kind: 'server' },
  path: string,
  keep: (item: { id: string; state?: string }) => boolean,
): Promise<bigint[]> {
  const ids: bigint[] = [];
  const separator = path.endsWith('?') ? '' : '&';
  let after: string | null = null;
  do {
    const page: { items: { id: string; state?: string }[]; nextAfter: string | null } = await access.call(
      'GET',
      `${path}${separator}limit=200${after ? `&after=${after}` : ''}`,
    );
    ids.push(...page.items.filter(keep).map((item) => BigInt(item.id)));
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
