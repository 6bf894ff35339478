#!/usr/bin/env node
// Runs the hado CLI and reports on stderr when it exits the process's peak resident set size (`maxRssKb=N`)
// and the time the command itself ran, after the CLI's modules were loaded (`commandMs=N`), for the
// parsing and memory benchmarks.
import { register } from 'tsx/esm/api';

register();
let commandStarted = performance.now();
process.on('exit', () => {
  process.stderr.write(`maxRssKb=${process.resourceUsage().maxRSS}\n`);
  process.stderr.write(`commandMs=${Math.round(performance.now() - commandStarted)}\n`);
});
const { runCli } = await import('../src/cli/main.ts');
commandStarted = performance.now();
process.exitCode = await runCli(process.argv.slice(2));
