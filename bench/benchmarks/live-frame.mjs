// 5. Live view: the work of one frame (sample every lane, render the screen) and how late frames
// come, with 1,000 clients per transport (5,000 in all) against 10 per transport, in the same run.
import { renderFrame } from '../../dist/live/frame.js';
import { LiveSampler } from '../../dist/live/state.js';
import { ComparisonSession } from '../../dist/run/session.js';
import { TRANSPORTS } from '../../dist/shared/transports.js';
import { compareOptions } from '../lib/compare-options.mjs';
import { percentile } from '../lib/stats.mjs';

const FRAME_MS = 250;
const RUN_MS = 6000;

/** Runs every transport at once with `clients` each, drawing frames as the live view does; p99 frame work in ms. */
async function frames(clients) {
  const options = {
    ...compareOptions({
      transports: [...TRANSPORTS],
      clients,
      ratePerSec: 2,
      durationMs: 60_000,
      pollIntervalMs: 1000,
    }),
    parallel: true,
  };
  const session = new ComparisonSession(options, AbortSignal.timeout(120_000));
  const sampler = new LiveSampler(process.hrtime.bigint());
  session.on('lane', (lane) => sampler.add(lane));
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
  return {
    value: Math.round(percentile(work, 99) * 1000) / 1000,
    note: `${work.length} frames; p99 lateness ${percentile(lateness, 99).toFixed(1)} ms against a ${FRAME_MS} ms frame; ${delivered ? 'everything delivered' : 'NOT everything delivered'}`,
  };
}

export default {
  id: 'live',
  title: 'Live view: p99 work per frame (sample every lane, render), every transport at once, 2 events/s',
  unit: 'ms',
  digits: 3,
  subjectLabel: '1,000 clients per transport',
  referenceLabel: '10 clients per transport',
  ratioLabel: '1,000 / 10',
  target: null,

  subject: () => frames(1000),
  reference: () => frames(10),
};
