// The verdict: a few plain sentences computed from a run's figures, leading every layout. Which
// transport delivered soonest and by how much, what each paid per event, what went wrong, and the
// one condition (from the measured costs) that would change the answer. Pure.
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS, TRANSPORT_SPECS, playsRole } from '../shared/transports.js';
import { paceSetter, paceSetterWords, pollRate } from './ceiling.js';
import { radioSentence, tcpSentence } from './network.js';
import { recoverySentence } from './recovery.js';
import { NBSP } from './chart.js';
import { overheadPerEvent, wireBytes } from './figures.js';
import {
  formatBytesShort,
  formatInteger,
  formatLatency,
  formatPercent,
  formatSignificant,
  formatTimes,
  isFigure,
} from './format.js';

/** Below this share of the offered polls, the clients (not the transport) set the pace. */
const KEEPING_UP = 0.9;
/** A client event loop held up longer than this delays what it reads: the latency is partly the tool's. */
const CLIENT_LOOP_DELAY_MS = 100;
/** A server this far behind its schedule published late: latency counts from the real send, so say it. */
const PUBLISH_LAG_MS = 100;

/** A figure and its unit (or a two-word name) kept on one line when the sentence is wrapped. */
const keep = (text: string): string => text.replaceAll(' ', NBSP);
const label = (t: TransportResult): string => keep(TRANSPORT_LABELS[t.transport]);

/** Which transport delivered soonest, and how many times later the others did (by p50). */
function soonest(measured: TransportResult[]): string | undefined {
  const timed = measured.filter((t) => t.latencyMs !== null).sort((a, b) => a.latencyMs!.p50 - b.latencyMs!.p50);
  const first = timed[0];
  if (!first) return undefined;
  const best = first.latencyMs!;
  if (timed.length === 1)
    return `${label(first)} delivered with a median latency of ${formatLatency(best.p50)} (p99 ${formatLatency(best.p99)}).`;
  const others = timed.slice(1).map((t) => {
    const ratio = best.p50 > 0 ? t.latencyMs!.p50 / best.p50 : Number.POSITIVE_INFINITY;
    const said = ratio < 1.1 ? 'about as soon' : Number.isFinite(ratio) ? `${formatTimes(ratio)} longer` : 'longer';
    return `${label(t)} ${keep(formatLatency(t.latencyMs!.p50))} (${said})`;
  });
  return `${label(first)} delivered soonest (median ${keep(formatLatency(best.p50))}); ${others.join(', ')}.`;
}

/** What each paid per event: wire bytes and requests, the dearest against the cheapest. */
function costs(measured: TransportResult[]): string | undefined {
  const priced = measured.filter((t) => isFigure(t.bytes.perEvent) && t.events.delivered > 0);
  if (priced.length === 0) return undefined;
  const sorted = [...priced].sort((a, b) => a.bytes.perEvent! - b.bytes.perEvent!);
  const parts = sorted.map((t, i) => {
    const requests = formatSignificant(t.requests.perEvent);
    const bytes = keep(formatBytesShort(t.bytes.perEvent));
    return i === 0 ? `${label(t)} ${bytes} and ${requests} requests` : `${label(t)} ${bytes}, ${requests}`;
  });
  return `Per event: ${parts.join('; ')}.`;
}

/** Everything that went wrong, or that all went right. */
function trouble(result: ComparisonResult): string {
  const measured = result.transports;
  const problems: string[] = [];
  for (const t of measured) {
    const e = t.events;
    if (e.lost > 0)
      problems.push(
        `${label(t)} lost ${formatInteger(e.lost)} of ${formatInteger(e.expected)} events (${formatPercent(e.lost / e.expected)})`,
      );
    if (e.duplicates > 0) problems.push(`${label(t)} received ${formatInteger(e.duplicates)} duplicates`);
    const faults = Object.entries(t.errors).filter(([, n]) => n > 0);
    if (faults.length > 0)
      problems.push(`${label(t)} saw faults (${faults.map(([code, n]) => `${code}×${formatInteger(n)}`).join(', ')})`);
    const rate = pollRate(result, t);
    if (rate && rate.achieved < KEEPING_UP * rate.offered)
      problems.push(
        `${label(t)}'s clients carried only ${formatPercent(rate.achieved / rate.offered)} of the polls they offered: ` +
          `${paceSetterWords(paceSetter(result, t))} set its pace, not the transport`,
      );
    const clientDelay = t.clientCost?.loopDelayMaxMs;
    if (isFigure(clientDelay) && clientDelay > CLIENT_LOOP_DELAY_MS)
      problems.push(
        `${label(t)}'s clients were held up ${formatLatency(clientDelay)} at worst (part of its latency is the tool's)`,
      );
    const lag = t.serverCost?.publishLagMaxMs;
    if (isFigure(lag) && lag > PUBLISH_LAG_MS)
      problems.push(`the server published up to ${formatLatency(lag)} late during ${label(t)}`);
  }
  const partial = result.partial ? 'The run was interrupted: these figures cover only what ran. ' : '';
  if (problems.length > 0) return `${partial}Watch out: ${problems.join('; ')}.`;
  const delivered = measured.map((t) => t.events.expected);
  if (measured.length === 1)
    return `${partial}${label(measured[0]!)} delivered every event (${formatInteger(delivered[0])}), with no faults.`;
  const each = new Set(delivered).size === 1 ? ` (${formatInteger(delivered[0])} each)` : '';
  return `${partial}Every transport delivered every event${each}, with no faults.`;
}

/**
 * The one condition that would change the bytes answer: a short poll costs the same whether or not
 * it carries an event, a push costs per event; below the rate where those meet, polling is cheaper.
 */
function crossover(result: ComparisonResult): string | undefined {
  const poll = result.transports.find((t) => playsRole(t.transport, 'short-poll') && t.requests.http > 0);
  const pushes = result.transports.filter((t) => TRANSPORT_SPECS[t.transport].family === 'push');
  if (!poll || poll.events.delivered === 0) return undefined;
  const push = pushes
    .filter((t) => isFigure(overheadPerEvent(t)) && overheadPerEvent(t)! > 0)
    .sort((a, b) => overheadPerEvent(a)! - overheadPerEvent(b)!)[0];
  if (!push) return undefined;
  // Each poll's cost beyond the events it carried, as measured: the bytes of its request and answer.
  const perPoll = (wireBytes(poll) - poll.bytes.payload) / poll.requests.http;
  const pollsPerSec = 1000 / result.options.pollIntervalMs;
  // Polling costs pollsPerSec × perPoll a second whatever the rate, a push λ × its overhead: they meet here.
  const rate = (pollsPerSec * perPoll) / overheadPerEvent(push)!;
  const interval = formatLatency(result.options.pollIntervalMs);
  const why =
    `${keep(formatBytesShort(perPoll))} a poll whatever it carries, vs ` +
    `${keep(formatBytesShort(overheadPerEvent(push)))} an event`;
  const at = keep(`${formatSignificant(rate)} events/s`);
  if (result.options.ratePerSec < rate)
    return `Above ${at}, polling every ${keep(interval)} would cost fewer bytes than ${label(push)} (${why}), still at poll latency.`;
  return `At this rate polling every ${keep(interval)} sent fewer bytes than ${label(push)} (${why}); under ${at} it would not.`;
}

/**
 * The verdict's sentences for `result`, in the order they are read. A run whose poll interval or rate changed while
 * it ran (a live session's knobs) has no crossover: that sentence rests on one interval and one rate.
 */
export function buildVerdict(result: ComparisonResult, options: { conditionsChanged?: boolean } = {}): string[] {
  const measured = result.transports;
  if (measured.length === 0) return ['No transport ran, so there is nothing to compare.'];
  const cross = options.conditionsChanged ? undefined : crossover(result);
  return [
    soonest(measured),
    costs(measured),
    trouble(result),
    tcpSentence(result),
    radioSentence(result),
    recoverySentence(result),
    cross,
  ].filter((sentence): sentence is string => sentence !== undefined);
}

/** The verdict a result carries, or the one its figures give (a result saved before verdicts). */
export const verdictOf = (result: ComparisonResult): string[] => result.verdict ?? buildVerdict(result);
