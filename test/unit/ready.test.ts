import { describe, expect, it } from 'vitest';
import type { RouteStats } from '../../src/server/accounting.js';
import { readyOnServer } from '../../src/run/crowd.js';

const stats = (partial: Partial<RouteStats>): RouteStats => ({
  requests: 0,
  empty: 0,
  connections: 0,
  handshakes: 0,
  eventsWritten: 0,
  headerBytes: 0,
  firstHeaderBytes: 0,
  firstExchanges: 0,
  framingBytes: 0,
  controlBytes: 0,
  bytesRead: 0,
  bytesWritten: 0,
  openSockets: 0,
  waiting: 0,
  errors: {},
  ...partial,
});

describe('readyOnServer: how many clients the server has seen', () => {
  it('counts held long polls and subscribed streams, not connections', () => {
    const routes = {
      'long-poll': stats({ openSockets: 10, waiting: 7 }),
      sse: stats({ openSockets: 4, waiting: 4 }),
      ws: stats({ waiting: 2 }),
    };
    expect(readyOnServer('long-poll', routes)).toBe(7);
    expect(readyOnServer('sse', routes)).toBe(4);
    expect(readyOnServer('ws', routes)).toBe(2);
  });

  it("counts a poller's accepted connection before its first request names the route", () => {
    expect(readyOnServer('poll', { unattributed: stats({ openSockets: 5 }), poll: stats({ openSockets: 3 }) })).toBe(8);
    expect(readyOnServer('poll', {})).toBe(0);
  });
});
