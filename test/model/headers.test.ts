import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meteredHttpClient } from '../../src/clients/client-context.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { NOMINAL_HEADER_BYTES } from '../../src/model/headers.js';
import { decimalDigits } from '../../src/model/framing.js';
import { startDemoServer, type DemoServer } from '../../src/server/demo-server.js';

let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 16 });
});

afterEach(async () => {
  await server.close();
});

describe('NOMINAL_HEADER_BYTES.minimal', () => {
  it('is what the poll client and the demo server really exchange for one poll', async () => {
    const meter = new SocketMeter();
    const { http } = meteredHttpClient(server.url, meter);
    try {
      const { body } = await http.request({ path: '/poll?since=12', method: 'GET' });
      const text = await body.text();
      const { bytesRead, bytesWritten } = meter.totals();
      const heads = bytesWritten + bytesRead - text.length;
      // The nominal pair assumes a 5-digit port and a 3-digit Content-Length; this one has `[]`.
      const adjust = 5 - decimalDigits(server.port) + (3 - decimalDigits(text.length));
      expect(heads + adjust).toBe(NOMINAL_HEADER_BYTES.minimal);
    } finally {
      await http.close();
    }
  });
});
