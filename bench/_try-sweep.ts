import { findPostgres } from '/work/main/bench/bench-context.ts';
import { ingestBenchmark } from '/work/main/bench/ingest.bench.ts';

const log = (l: string) => process.stderr.write(`${l}\n`);
console.log(await ingestBenchmark.run({ quick: true, postgresUrl: await findPostgres(log), log }));
