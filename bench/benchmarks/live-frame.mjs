// 5. Live view: how late its frames come with 1,000 clients per transport (5,000 in all), as
// `live` runs them (each transport's clients in a process of their own), against the same crowd
// in the view's own process, in the same run.
import { LIVE_APART_CLIENTS } from '../../dist/commands/live.js';
import { renderFrame } from '../../dist/live/frame.js';
import { LiveSampler } from '../../dist/live/state.js';
import { ComparisonSession } from '../../dist/run/session.js';
import { TRANSPORTS } from '../../dist/shared/transports.js';
import { compareOptions } from '../lib/compare-options.mjs';
import { percentile } from '../lib/stats.mjs';

const FRAME_MS = 250;
const RUN_MS = 6000;
const CLIENTS = 1000;

/**
 * Runs every transport at once with `clients` each, drawing frames as the live view does; the p99 of how late the
 * frames came against their 250 ms schedule, in ms.
 */
async function frames(clients, clientsApart) {
  const options = {
    ...compareOptions({
      transports: [...TRANSPORTS],
      clients,
      ratePerSec: 2,
      durationMs: 60_000,
      pollIntervalMs: 1000,
    }),
    // As `live` runs them: every transport at once, the relay in the path.
    parallel: true,
    steerable: true,
    clientsApart,
  };
  const session = new ComparisonSession(options, AbortSignal.timeout(120_000));
  const sampler = new LiveSampler(process.hrtime.bigint());
  session.on('lane', (lane) => sampler.add(lane, process.hrtime.bigint()));
  const work = [];
  const lateness = [];
  let running = false;
  let last;
  session.on('snapshot', ({ progress }) => {
    if (progress.stage === 'running') running = true;
  });
  const conditions = { clients, ratePerSec: 2, pollIntervalMs: 1000, rttMs: 0, headers: 'minimal', paused: false };
  const timer = setInterval(() => {
    const start = process.hrtime.bigint();
    if (last !== undefined && running) lateness.push(Math.max(0, Number(start - last) / 1e6 - FRAME_MS));
    last = start;
    renderFrame(sampler.sample(start, conditions, { showHelp: false, message: '' }), {
      width: 100,
      height: 30,
      color: true,
    });
    if (running) work.push(Number(process.hrtime.bigint() - start) / 1e6);
  }, FRAME_MS);
  const finished = session.run();
  // Draw for RUN_MS once every client is running, then end the run.
  const until = Date.now() + 90_000;
  while (!running && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, RUN_MS));
  session.finish();
  const result = await finished;
  clearInterval(timer);
  const delivered = result.transports.every((t) => t.events.delivered === t.events.expected);
  // Every lane drawn: the sampler saw each transport's deliveries while the run went on.
  const drawn = sampler.sample(process.hrtime.bigint(), conditions, { showHelp: false, message: '' });
  const seen = drawn.lanes.every((lane) => lane.total.delivered > 0);
  return {
    value: Math.round(percentile(lateness, 99) * 10) / 10,
    note:
      `${lateness.length} frames, p99 work per frame ${percentile(work, 99).toFixed(1)} ms; ` +
      `${delivered ? 'everything delivered' : 'NOT everything delivered'}` +
      `${seen ? '' : '; a lane drew nothing'}`,
  };
}

export default {
  id: 'live',
  title: `Live view: p99 lateness of a ${FRAME_MS} ms frame, every transport at once, 2 events/s`,
  unit: 'ms',
  digits: 1,
  subjectLabel: `${CLIENTS.toLocaleString('en-US')} clients per transport, apart (as live runs them)`,
  referenceLabel: `${CLIENTS.toLocaleString('en-US')} clients per transport in the view's process`,
  ratioLabel: 'apart / in the view',
  target: { op: '<=', value: 50, on: 'subject' },
  notes: [
    `live runs each transport's clients in a process of their own from ${LIVE_APART_CLIENTS} per transport; the view's process then only merges their tallies and draws`,
  ],

  subject: () => frames(CLIENTS, true),
  reference: () => frames(CLIENTS, false),
};
