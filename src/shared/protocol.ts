/**
 * Names in the wire protocol that the demo server and the tool's clients share (see the README's
 * routes): one definition for both sides.
 */

/** Response header naming the oldest seq the server still holds, sent when a reader asked for older events (a gap). */
export const OLDEST_SEQ_HEADER = 'pvp-oldest-seq';

/** Response header sent when an answer was cut at the server's limit: ask again at once for the rest. */
export const MORE_EVENTS_HEADER = 'pvp-more';

/** One event as it travels on the wire: `t` is the publish time in ns of `process.hrtime.bigint()`. */
export interface WireEvent {
  seq: number;
  t: string;
  data: string;
}
