// The API benchmark's load generator, run in a worker thread of its own so that autocannon never shares the
// server's event loop. Plain JavaScript: a worker thread does not inherit the tsx loader of the main thread.
//
// workerData: { url, connections, rounds, seconds, targets: [{ name, paths, headers }] }. Each round loads every
// target in turn for `seconds` (the order alternating from round to round), so targets compared with each other
// see the same machine even when other work on it comes and goes. A target's `paths` are taken in turn, one per
// request. Posts back, per target name, the figures over all its rounds (latency histograms merged).
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, rounds, seconds, targets } = workerData;

const optionsOf = (target) => {
  let next = 0;
  return {
    url,
    connections,
    duration: seconds,
    headers: target.headers ?? {},
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const path = target.paths[next];
          next = (next + 1) % target.paths.length;
          return { ...request, path };
        },
      },
    ],
  };
};

const raw = new Map(targets.map((target) => [target.name, []]));
for (let round = 0; round < rounds; round += 1) {
  const order = round % 2 === 0 ? targets : [...targets].reverse();
  for (const target of order) {
    // Off the main thread autocannon hands back its raw result (histograms unaggregated), as to its own workers.
    raw.get(target.name).push(await autocannon(optionsOf(target)));
  }
}
const figures = {};
for (const target of targets) {
  const result = autocannon.aggregateResult(raw.get(target.name), optionsOf(target));
  figures[target.name] = {
    total: result.requests.total,
    seconds: rounds * seconds,
    latency: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
parentPort.postMessage(figures);
