// 2. Polling load: the tool's short-poll request rate at saturation vs autocannon against the
// same route of the same demo server, each server in its own process.
import autocannon from 'autocannon';
import { paceSetter } from '../../dist/report/ceiling.js';
import { runComparison } from '../../dist/run/compare.js';
import { startServerProcess } from '../../dist/run/server-process.js';
import { compareOptions, deliveryNote } from '../lib/compare-options.mjs';
import { formatNumber } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

const DURATION_S = 3;
const WARMUP_S = 1;

const share = (cores) => (cores === null ? 'not measured' : `${Math.round(cores * 100)}%`);

/** Runs autocannon, stopping it if it overruns its own duration by far. */
function cannon(options, boundMs) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options);
    const timer = setTimeout(() => instance.stop(), boundMs);
    instance.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The tool's short-poll request rate with `clients` pollers every `intervalMs`: requests / phase time. */
async function toolRate(clients, intervalMs, seconds = DURATION_S) {
  const options = compareOptions({
    transports: ['poll'],
    clients,
    pollIntervalMs: intervalMs,
    ratePerSec: 1,
    durationMs: seconds * 1000,
  });
  const result = await runComparison(options, {}, AbortSignal.timeout(30_000));
  const t = result.transports[0];
  if (result.partial || !t || t.partial) throw new Error('the tool run did not finish within 30 s');
  const pace = paceSetter(result, t);
  const sides =
    `clients ${share(pace.clientCores)} of a core, server ${share(pace.serverCores)}: ` +
    `${{ machine: 'neither full: the machine', both: 'both sides', clients: 'the clients', server: 'the server' }[pace.side]} set the pace`;
  const delivery = deliveryNote(t.events, t.errors);
  return {
    // Requests over the time the clients were polling (not the phase's close after it).
    value: t.requests.http / ((t.activeMs ?? t.phaseMs) / 1000),
    note: delivery ? `${sides}; ${delivery}` : sides,
  };
}

/** autocannon's request rate, 100 connections for `seconds`, against a demo server of its own. */
async function cannonRate(seconds) {
  const server = await startServerProcess({
    host: '127.0.0.1',
    port: 0,
    defaultLongPollTimeoutMs: 30_000,
    payloadBytes: 64,
  });
  try {
    // Each side's CPU over the run, as the tool's notes give its own: which one set the pace.
    await server.call('reset', { transports: ['poll'] });
    const cpuBefore = process.cpuUsage();
    const since = performance.now();
    const result = await cannon(
      { url: `${server.url}/poll?since=0`, connections: 100, duration: seconds },
      seconds * 1000 + 10_000,
    );
    const elapsed = (performance.now() - since) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const stats = await server.call('stats');
    const cannonCores = (cpu.user + cpu.system) / 1e6 / elapsed;
    const serverCores = stats.cost ? stats.cost.cpuUs / 1e6 / elapsed : null;
    const faults = [
      ['errors', result.errors],
      ['timeouts', result.timeouts],
      ['non-2xx', result.non2xx],
    ].filter(([, n]) => n > 0);
    if (result.requests.total === 0) throw new Error('autocannon completed no request');
    const sides = `autocannon ${share(cannonCores)} of a core, server ${share(serverCores)}`;
    return {
      value: result.requests.mean,
      note: faults.length > 0 ? `${sides}; ${faults.map(([k, n]) => `${k} ${n}`).join(', ')}` : sides,
    };
  } finally {
    await server.stop();
  }
}

export default {
  id: 'polling',
  title: 'Polling load: short-poll requests/s (GET /poll, empty answers), server in its own process',
  unit: 'req/s',
  digits: 0,
  subjectLabel: 'poll-vs-push, 200 pollers every 1 ms',
  referenceLabel: 'autocannon, 100 connections',
  ratioLabel: 'tool / autocannon',
  target: { op: '>=', value: 0.9 },
  // Both sides must saturate the server for the ratio to compare load generators: 200 pollers
  // every 1 ms offer 200k req/s, more than the server or the pollers can handle. The 10 ms
  // variant (20k req/s offered) is shown for reference: the schedule, not the tool, caps it.
  variants: [
    {
      label: 'poll-vs-push, 200 pollers every 10 ms',
      ratioLabel: 'tool (10 ms) / autocannon',
      run: () => toolRate(200, 10),
    },
  ],

  subject: () => toolRate(200, 1),

  // The tool's code is many times autocannon's: its first seconds in a process are spent compiling
  // it. One second of each side first, untimed, so that every counted run is warm on both sides.
  warmup: {
    label: '1 s of the tool polling and 1 s of autocannon, not counted',
    run: async () => {
      await toolRate(200, 1, WARMUP_S);
      await cannonRate(WARMUP_S);
    },
  },

  reference: () => cannonRate(DURATION_S),

  /** Says what caps the 10 ms variant: its schedule offers less than the server answers. */
  explain({ reference }) {
    const served = median(reference.map((r) => r.value));
    return [
      `the 10 ms variant offers 20,000 req/s, ${20_000 < served ? 'less' : 'more'} than the ${formatNumber(served, 0)} req/s the server answers autocannon, ` +
        'so its figure measures the schedule, not the load the tool can generate; the counted figure polls every 1 ms (200,000 req/s offered) and saturates.',
    ];
  },
};
