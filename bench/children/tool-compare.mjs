// Subject of the memory benchmark: the tool's runComparison alone in this process (its demo
// server is forked from here as usual), sampling this process's RSS around the run.
import { runComparison } from '../../dist/run/compare.js';
import { startRssSampler } from '../lib/rss-sampler.mjs';
import { fail, options, sendAndExit } from './ipc.mjs';

// Losing the bench ends the run: the demo server, forked from here, follows on its own disconnect.
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  if (message.type === 'close') process.exit(1);
});

try {
  const sampler = startRssSampler();
  const result = await runComparison(options.compare, {}, AbortSignal.timeout(options.timeoutMs));
  const rss = sampler.stop();
  const t = result.transports[0];
  sendAndExit({
    type: 'result',
    rss,
    partial: Boolean(result.partial || t?.partial),
    events: t?.events,
    errors: t?.errors ?? {},
    phaseMs: t?.phaseMs,
  });
} catch (error) {
  fail(error);
}
