import { modelParams, predict } from '../model/index.js';
import type { Stretch, StretchLane } from '../shared/stretch-types.js';
import { TRANSPORT_LABELS, type Transport } from '../shared/transports.js';
import { formatDurationMs } from '../shared/units.js';
import { formatSignificant, MISSING } from './format.js';
import { chalkFor, newTable, section, TERMINAL_WIDTH, wrapText } from './terminal.js';

/** The title of a live session's closing block. */
export const STRETCHES_TITLE = 'The session, stretch by stretch';

/** Columns a transport's label takes, and one stretch's column. */
const LABEL_COLUMN = 12;
const STRETCH_COLUMN = 15;
/** Stretches shorter than this are left out of the tables: a knob pressed on its way somewhere. */
const BRIEF_MS = 3000;

/** `m:ss` since the session started. */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a stretch ran under, in the words of the live view's status line. */
export function stretchConditions(stretch: Stretch): string {
  const k = stretch.conditions;
  return [
    `RTT ${k.rttMs} ms`,
    `polls every ${formatDurationMs(k.pollIntervalMs)}`,
    k.paused ? 'paused' : `${k.ratePerSec} events/s`,
    `${k.headers} headers`,
  ].join(' · ');
}

/**
 * The model's mean latency for `transport` under the stretch's own conditions: its RTT, poll interval and rate
 * (long poll's depends on it). Latency is all that is read of the prediction; the per-event byte inputs do not
 * enter it.
 */
export function stretchModelMeanMs(transport: Transport, stretch: Stretch, longPollTimeoutMs: number): number {
  const k = stretch.conditions;
  const durationMs = Math.max(1, stretch.endMs - stretch.startMs);
  const params = modelParams(
    { pollIntervalMs: k.pollIntervalMs, rttMs: k.rttMs, ratePerSec: k.ratePerSec, longPollTimeoutMs, durationMs },
    { eventsPerPhase: (k.ratePerSec * durationMs) / 1000, headerBytesPerPair: 0, eventBytes: 0 },
  );
  return predict(transport, params).latencyMeanMs;
}

function latencyCell(lane: StretchLane, stretch: Stretch, longPollTimeoutMs: number): string {
  if (!lane.latency) return MISSING;
  const model = stretch.conditions.paused
    ? MISSING
    : formatSignificant(stretchModelMeanMs(lane.transport, stretch, longPollTimeoutMs));
  return `${formatSignificant(lane.latency.mean)} (${model})`;
}

const bytesCell = (lane: StretchLane): string =>
  lane.delivered > 0 ? formatSignificant(lane.bytes / lane.delivered) : MISSING;

/**
 * A live session's closing block: each stretch of conditions (from one turn of a knob to the next) with its own
 * measured mean latency beside the model's for those conditions, and its bytes per event; the newest stretches
 * that fit `width`, the ones left out said. Pure.
 */
export function renderStretches(
  stretches: readonly Stretch[],
  options: { color: boolean; width?: number; longPollTimeoutMs: number },
): string {
  const c = chalkFor(options);
  const width = options.width ?? TERMINAL_WIDTH;
  const fit = Math.max(1, Math.floor((width - LABEL_COLUMN - 3) / (STRETCH_COLUMN + 1)));
  // A knob pressed several times in a row leaves stretches of a second or so: too few events to read.
  const numbered = stretches.map((stretch, i) => ({ stretch, number: i + 1 }));
  // The last stretch stays whatever its length: it holds the conditions the session ended under.
  const long = numbered.filter(
    ({ stretch, number }) => stretch.endMs - stretch.startMs >= BRIEF_MS || number === stretches.length,
  );
  const picked = long.slice(-fit);
  const shown = picked.map(({ stretch }) => stretch);
  const brief = stretches.length - long.length;
  const earlier = long.length - picked.length;
  const head = ['', ...picked.map(({ stretch: s, number }) => `${number} · ${clock(s.startMs)}–${clock(s.endMs)}`)];
  const transports = shown[0]?.lanes.map((lane) => lane.transport) ?? [];
  const table = (cell: (lane: StretchLane, stretch: Stretch) => string): string => {
    const t = newTable(c, head, {
      colWidths: [LABEL_COLUMN, ...shown.map(() => STRETCH_COLUMN)],
      colAligns: ['left', ...shown.map(() => 'right' as const)],
    });
    for (const transport of transports)
      t.push([
        TRANSPORT_LABELS[transport],
        ...shown.map((stretch) => {
          const lane = stretch.lanes.find((l) => l.transport === transport);
          return lane ? cell(lane, stretch) : MISSING;
        }),
      ]);
    return t.toString();
  };
  const legend = picked.map(({ stretch, number }) => `${number}  ${stretchConditions(stretch)}`);
  const plural = (n: number): string => `${n} ${n === 1 ? 'stretch' : 'stretches'}`;
  const notes = [
    ...(brief > 0 ? [`${plural(brief)} shorter than ${BRIEF_MS / 1000} s left out.`] : []),
    ...(earlier > 0 ? [`${plural(earlier)} before these left out (a wider terminal shows more).`] : []),
    'A stretch runs from one key to the next; events in flight at a key count where they arrive.',
  ];
  return [
    section(c, STRETCHES_TITLE, legend.map((line) => wrapText(line, width)).join('\n')),
    section(
      c,
      wrapText('Mean latency, ms: measured (the model for the stretch’s conditions)', width),
      table((lane, stretch) => latencyCell(lane, stretch, options.longPollTimeoutMs)),
    ),
    section(c, 'Bytes per event, measured at the sockets', table(bytesCell)),
    notes.map((note) => wrapText(note, width)).join('\n'),
  ].join('\n\n');
}
