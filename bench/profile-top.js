// Sums self time per function over the .cpuprofile files in a folder (`node --cpu-prof --cpu-prof-dir=DIR …`)
// and prints the heaviest: `node bench/profile-top.js DIR [COUNT]`.
import { readdirSync, readFileSync } from 'node:fs';

const [dir, count = '30'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/profile-top.js DIR [COUNT]\n');
  process.exit(2);
}
const selfMicros = new Map();
let totalMicros = 0;
for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id).callFrame;
    const where = frame.url.replace(/.*node_modules\//, '').replace(`${process.cwd()}/`, '');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber}`;
    const micros = profile.timeDeltas[index] ?? 0;
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + micros);
    totalMicros += micros;
  });
}
process.stdout.write(`total ${(totalMicros / 1e6).toFixed(1)} s\n`);
for (const [key, micros] of [...selfMicros].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  process.stdout.write(
    `${(micros / 1e3).toFixed(0).padStart(8)} ms ${((100 * micros) / totalMicros).toFixed(1).padStart(5)} %  ${key}\n`,
  );
}
