import { describe, expect, it } from 'vitest';
import { explainModel } from '../../src/model/explanation.js';
import { buildChart, buildPredictedChart } from '../../src/report/chart.js';
import { MODEL_PARAMS as PARAMS, clone } from './fixture.js';

/** Each aspect with the classic chart's words for HTTP and for WebSocket. */
const CLASSIC = [
  ['communication mode', 'request–response: ', 'two-way, long-lived: '],
  ['connection state', 'a request for every exchange: ', 'one handshake per client, then '],
  ['data transfer', 'full headers on every message: ', 'light frame headers: '],
  ['real-time capability', 'weak (emulated by polling): ', 'strong (the server pushes): '],
  ['fits', 'REST APIs, static data: ', 'chat, notifications, IoT, games: '],
] as const;

describe('the chart aspects', () => {
  const details = explainModel(PARAMS, 'browser').details;
  const charts = { measured: buildChart(clone()), predicted: buildPredictedChart(PARAMS, details) };

  for (const [source, chart] of Object.entries(charts)) {
    it(`says the classic chart's words before the ${source} figures`, () => {
      expect(chart.rows.map((row) => row.aspect)).toEqual(CLASSIC.map(([aspect]) => aspect));
      chart.rows.forEach((row, i) => {
        const [, http, ws] = CLASSIC[i]!;
        expect(row.http[0]!.startsWith(http), row.http[0]).toBe(true);
        expect(row.ws.startsWith(ws), row.ws).toBe(true);
      });
    });

    it(`adds a long-poll line to every ${source} aspect but fits`, () => {
      for (const row of chart.rows) {
        expect(row.http.slice(1).every((line) => line.startsWith('long poll: '))).toBe(true);
        expect(row.http).toHaveLength(row.aspect === 'fits' ? 1 : 2);
      }
    });
  }

  it('says a side that did not run is not run', () => {
    const result = clone();
    result.transports = result.transports.filter((t) => t.transport !== 'ws' && t.transport !== 'long-poll');
    for (const row of buildChart(result).rows) {
      expect(row.ws).toBe('not run (add --transports ws)');
      expect(row.http).toHaveLength(1);
    }
  });
});
