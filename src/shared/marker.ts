/**
 * The token the tool puts in each event it publishes into an app (`--publish`), and finds again in
 * whatever the app's receivers get: `pvp-<phase id>-<seq>-<send stamp in ns>`. Letters, digits and
 * dashes only, so JSON, a form body, a URL, HTML or Markdown carry it unchanged.
 */

/** A phase's id: eight base-36 characters, fresh for every phase, so one phase never reads another's events. */
export const MARKER_ID_LENGTH = 8;

const MARKER = /pvp-([0-9a-z]{8})-(\d{1,15})-(\d{1,20})/g;

/** A marker found in a text: where it stands, and what it says. */
export interface FoundMarker {
  /** The marker's text. */
  text: string;
  /** Its index in the text searched (characters). */
  index: number;
  /** `pvp-<id>-`: the phase's tag, which the recorder tells this run's events by. */
  tag: string;
  seq: number;
  stampNs: bigint;
}

/** The tag of the phase `id`, which every one of its markers begins with. */
export const markerTag = (id: string): string => `pvp-${id}-`;

/** The marker of event `seq` of the phase tagged `tag`, sent at `stampNs` on the tool's clock. */
export const markerOf = (tag: string, seq: number, stampNs: bigint): string => `${tag}${seq}-${stampNs}`;

/** A fresh phase id from `random` (a CSPRNG's bytes): eight base-36 characters. */
export function markerId(bytes: Uint8Array): string {
  let id = '';
  for (let i = 0; i < MARKER_ID_LENGTH; i++) id += ((bytes[i] ?? 0) % 36).toString(36);
  return id;
}

/** Every marker in `text`, in the order they stand. */
export function findMarkers(text: string): FoundMarker[] {
  const found: FoundMarker[] = [];
  // A quick test first: most of an app's traffic (pings, presence, other users) carries none.
  if (!text.includes('pvp-')) return found;
  for (const match of text.matchAll(MARKER)) {
    const seq = Number(match[2]);
    if (seq < 1) continue;
    found.push({
      text: match[0],
      index: match.index,
      tag: markerTag(match[1]!),
      seq,
      stampNs: BigInt(match[3]!),
    });
  }
  return found;
}

/**
 * `template` with every `{{marker}}` made `marker`; where the body is JSON the marker is escaped as
 * a JSON string's content (a no-op for the marker's alphabet, kept so the rule holds if it grows).
 */
export function renderTemplate(template: string, marker: string, json: boolean): string {
  const text = json ? JSON.stringify(marker).slice(1, -1) : marker;
  return template.replaceAll('{{marker}}', text);
}

/** The placeholder a publish body must hold. */
export const MARKER_PLACEHOLDER = '{{marker}}';
