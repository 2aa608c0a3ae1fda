// The CompareOptions every tool run of the bench starts from; each benchmark overrides a few.

/** Loopback only, no relay, minimal headers, seed 1. */
export function compareOptions(overrides) {
  return {
    transports: ['ws'],
    clients: 1,
    ratePerSec: 50,
    durationMs: 3000,
    pollIntervalMs: 1000,
    payloadBytes: 64,
    longPollTimeoutMs: 30_000,
    host: '127.0.0.1',
    port: 0,
    seed: 1,
    rttMs: 0,
    jitterMs: 0,
    headers: 'minimal',
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
