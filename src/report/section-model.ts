// The shapes of the neutral report model (sections, rows, cells) and the column head every
// section shares: a leaf that the section builders import, so none of them imports another.
import type { TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';

/** How a cell reads: `bad` signals trouble (lost events, errors, a failed check), `good` a passed check. */
export type Tone = 'plain' | 'bad' | 'good';

/** One table cell: one or more lines of text (a list of error codes has one per line) and its tone. */
export interface Cell {
  lines: string[];
  tone: Tone;
}

/** One metric: its label and one cell per transport, in the order of the section's columns. */
export interface MetricRow {
  label: string;
  cells: Cell[];
}

/** Whether the server's and the client's socket byte counts agree for one transport. */
export interface ByteAgreement {
  /** Transport label. */
  label: string;
  agree: boolean;
  /** For a mismatch: the two comparisons (received vs sent, sent vs received), exact to the byte. */
  details: string[];
}

/** One titled table of metrics, one column per transport. */
export interface MetricSection {
  title: string;
  /** Column heads after the label column: one per transport; empty when no transport ran. */
  columns: string[];
  rows: MetricRow[];
  /** Server vs client byte agreement, one entry per transport (the bytes section only). */
  agreement?: ByteAgreement[];
  /** Lines under the table saying how its figures were derived. */
  notes?: string[];
  /** Shown in the compact view too: a table the run's own options asked for (a restart's recovery). */
  alwaysShown?: boolean;
  /** Columns of words rather than figures, aligned left where a layout aligns figures right. */
  textColumns?: readonly string[];
}

/** A transport's column head: its label, with `(partial)` when its phase was cut short. */
export function transportHead(t: TransportResult): string {
  return t.partial === true ? `${TRANSPORT_LABELS[t.transport]} (partial)` : TRANSPORT_LABELS[t.transport];
}
