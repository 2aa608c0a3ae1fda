// The CompareOptions every tool run of the bench starts from; each benchmark overrides a few.
import { COMPARE_DEFAULTS, parseCompareOptions } from '../../dist/commands/compare-options.js';

/** The CLI's own defaults (loopback, no relay, minimal headers, seed 1), then one ws client at 50 events/s for 3 s. */
export function compareOptions(overrides) {
  return {
    ...parseCompareOptions(COMPARE_DEFAULTS),
    transports: ['ws'],
    clients: 1,
    ratePerSec: 50,
    durationMs: 3000,
    ...overrides,
  };
}

/** Delivery and faults of a tool run as one short note, or undefined when all was delivered cleanly. */
export function deliveryNote(events, errors) {
  const faults = Object.entries(errors ?? {}).map(([code, n]) => `${code}×${n}`);
  if (events && events.delivered === events.expected && faults.length === 0) return undefined;
  const delivered = events ? `${events.delivered}/${events.expected} delivered` : 'no delivery counts';
  return faults.length > 0 ? `${delivered}; faults ${faults.join(', ')}` : delivered;
}
