import { apiBenchmark } from './api.bench.ts';
import { type BenchContext, type Benchmark, findPostgres } from './bench-context.ts';
import { eventsBenchmark } from './events.bench.ts';
import { ingestBenchmark } from './ingest.bench.ts';
import { parseBenchmark } from './parse.bench.ts';
import { sweepBenchmark } from './sweep.bench.ts';
import { workersBenchmark } from './workers.bench.ts';

/**
 * `npm run bench [-- --json] [-- --quick] [-- --only sweep,api]`: every benchmark measures its own baseline in the same run and
 * reports the ratio. A readable table by default; `--json` prints one flat JSON object on stdout.
 */
const benchmarks: readonly Benchmark[] = [
  parseBenchmark,
  sweepBenchmark,
  apiBenchmark,
  eventsBenchmark,
  ingestBenchmark,
  workersBenchmark,
];

const argv = process.argv.slice(2);
const args = new Set(argv);
// `--only sweep,api` runs just those benchmarks (to profile or repeat one figure).
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
const json = args.has('--json');
const log = (line: string) => process.stderr.write(`${line}\n`);
const context: BenchContext = { quick: args.has('--quick'), postgresUrl: await findPostgres(log), log };

// Only the results go to stdout: whatever the code under measurement prints (the demo's console SMS transport)
// goes to stderr with the progress lines.
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

const results: Record<string, number> = {};
const started = performance.now();
for (const benchmark of benchmarks) {
  if (only && !only.has(benchmark.name)) continue;
  log(`— ${benchmark.name}`);
  const began = performance.now();
  Object.assign(results, await benchmark.run(context));
  log(`— ${benchmark.name}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
}
log(`— all: ${((performance.now() - started) / 1000).toFixed(1)} s`);

if (json) {
  writeStdout(`${JSON.stringify(results)}\n`);
} else {
  const width = Math.max(...Object.keys(results).map((key) => key.length));
  for (const [key, value] of Object.entries(results)) writeStdout(`${key.padEnd(width)}  ${value}\n`);
}
