import { Command, CommanderError } from 'commander';
import { describeError, exitCodeOf, exitCodes } from './run-command.ts';

/**
 * The `hado` command line. Every command has --help; exit codes follow DESIGN §8. Commands are loaded on
 * demand: `hado statement parse` loads the statement reader and nothing of the server, which keeps its
 * memory flat for files of any size.
 */
type CommandEntry = { readonly path: readonly string[]; readonly description: string; load(): Promise<Command> };

const groups: Readonly<Record<string, string>> = {
  audit: 'the tamper-evident audit log',
  statement: 'bank statements and notifications (camt.052/053/054, pain.002, MT940/942)',
};

const core = () => import('./core-commands.ts');
const commandEntries: readonly CommandEntry[] = [
  {
    path: ['serve'],
    description: 'run the API, web UI, bank inbound channel and workers',
    load: async () => (await core()).serveCommand(),
  },
  { path: ['migrate'], description: 'apply database migrations', load: async () => (await core()).migrateCommand() },
  {
    path: ['audit', 'verify'],
    description: 'recompute the audit hash chain',
    load: async () => (await core()).auditVerifyCommand(),
  },
  { path: ['backup'], description: 'write a backup of the database', load: async () => (await core()).backupCommand() },
  {
    path: ['restore'],
    description: 'restore a backup and verify it',
    load: async () => (await core()).restoreCommand(),
  },
  {
    path: ['statement', 'parse'],
    description: 'print a bank file as normalised movements (JSON lines) or a summary',
    load: async () => (await import('../bank/readers/statement-parse.command.ts')).statementParseCommand(),
  },
  {
    path: ['statement', 'ingest'],
    description: 'book bank files: store, reconcile, raise findings',
    load: async () => (await import('../bank/ingest/index.ts')).statementIngestCommand(),
  },
  {
    path: ['bank-sim'],
    description: 'run the sandbox bank',
    load: async () => (await import('../bank/sandbox/index.ts')).bankSimCommand(),
  },
  {
    path: ['bank-key'],
    description: "API keys for banks' signed channel",
    load: async () => (await import('../bank/sandbox/index.ts')).bankKeyCommand(),
  },
  {
    path: ['ledger'],
    description: 'the double-entry ledger (ledger check)',
    load: async () => (await import('../ledger/ledger-check.command.ts')).ledgerCommand(),
  },
  {
    path: ['monitor'],
    description: 'payment monitoring (monitor run)',
    load: async () => (await import('../monitor/monitor-run.command.ts')).monitorCommand(),
  },
  {
    path: ['instructions'],
    description: 'ISO 20022 pain.001 transfer instructions (instructions export)',
    load: async () => (await import('../claims/instructions-export.command.ts')).instructionsCommand(),
  },
];

/**
 * The program for these arguments: the command they name is loaded in full; every other command is a
 * stand-in with its name and description, enough for help and for commander's suggestions.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('hado')
    .description('Hado: construction payment monitoring — every won traceable from the buyer to the worker')
    .version('0.1.0')
    // `--version` belongs to the program only before a command: `instructions export --version 03` is the export's.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();
  const named = commandEntries.filter((entry) =>
    entry.path.every((word, i) => argv[i] === word || (i >= 1 && argv[i] === undefined)),
  );
  const parents = new Map<string, Command>();
  for (const entry of commandEntries) {
    const wanted = named.includes(entry) || named.length === 0;
    const command = wanted ? await entry.load() : new Command(entry.path.at(-1)!).description(entry.description);
    if (entry.path.length === 1) {
      program.addCommand(command);
      continue;
    }
    const group = entry.path[0]!;
    let parent = parents.get(group);
    if (!parent) {
      parent = program.command(group).description(groups[group] ?? group);
      parents.set(group, parent);
    }
    parent.addCommand(command);
  }
  return program;
}

/** Runs the program and turns the outcome into an exit code; commands return theirs, throws are mapped. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    const code = exitCodeOf(error);
    if (!(error instanceof CommanderError)) process.stderr.write(`hado: ${describeError(error)}\n`);
    if (code === exitCodes.internal && error instanceof Error && process.env.HADO_DEBUG)
      process.stderr.write(`${error.stack}\n`);
    return code;
  }
}

const invokedDirectly = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/hado.js');
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`hado: ${describeError(error)}\n`);
      process.exitCode = exitCodes.internal;
    },
  );
}
