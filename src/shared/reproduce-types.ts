// The famous figures rerun (`reproduce`): each published claim beside this machine's measurement, plain versioned
// data every reproduce layout renders.
import type { ComparisonResult } from './result-types.js';

/** The claims `reproduce` knows, each a source and the scenario that tests it. */
export const CLAIM_NAMES = ['whitepaper', 'rfc6202', 'hpack'] as const;
export type ClaimName = (typeof CLAIM_NAMES)[number];

/** The runs the claims read: a crowd polling once a second, transits through a relay, one poll's headers on HTTP/1.1 and 2. */
export const SCENARIO_NAMES = ['crowd', 'transits', 'http1', 'http2'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The scenarios each claim reads. */
export const SCENARIOS_OF: Record<ClaimName, readonly ScenarioName[]> = {
  whitepaper: ['crowd', 'transits'],
  rfc6202: ['transits'],
  hpack: ['http1', 'http2'],
};

/** A published source, cited exactly. */
export interface Citation {
  authors: string;
  title: string;
  /** Where it was published (a venue, a site, a series). */
  published: string;
  year: number;
  /** The part of it the figures come from (a section, a table). */
  where: string;
}

/** One published figure beside this machine's. */
export interface ClaimFigure {
  /** What is counted, in a few words. */
  claim: string;
  /** The source's figure, carried over as the source gives it. */
  published: number;
  /** This machine's figure in the same unit; null when the run could not give it. */
  measured: number | null;
  unit: string;
  /** How this machine's figure was had: measured as it is, or projected from a smaller crowd measured here. */
  basis: 'measured' | 'projected';
  /** measured ÷ published; null when either is missing. */
  ratio: number | null;
  /** One sentence on why the two differ. */
  why: string;
}

/** A source's claims, rerun. */
export interface ClaimGroup {
  name: ClaimName;
  source: Citation;
  /** What the source says, in one sentence. */
  says: string;
  /** What was run here to test it, as the options a user would type. */
  scenario: string;
  figures: ClaimFigure[];
}

/** What `reproduce` found: plain, versioned data. */
export interface ReproduceResult {
  schemaVersion: 1;
  kind: 'reproduce';
  tool: ComparisonResult['tool'];
  environment: ComparisonResult['environment'];
  startedAt: string;
  /** The scenarios were scaled down to run in under a minute (`--quick`). */
  quick: boolean;
  groups: ClaimGroup[];
}
