/**
 * The path between the clients and the demo server when the kernel shapes it (`--loss`, `--bandwidth`,
 * `--network`): server and clients in network namespaces of their own, a veth pair between them.
 */
export interface NetworkPath {
  /** Packets dropped at random on the way in to each side, in percent (0 to 50). */
  lossPercent: number;
  /** The server-to-clients rate, in kbit/s (absent: not limited). */
  downKbit?: number;
  /** The clients-to-server rate, in kbit/s (absent: not limited). */
  upKbit?: number;
  /** The named profile the figures come from (`--network`), when one was given. */
  profile?: string;
}

/** What TCP did on the shaped path during one phase, read from the kernel's counters in both namespaces. */
export interface TcpPathCounts {
  /** Segments sent again (TCP's RetransSegs), both sides. */
  retransmittedSegments: number;
  /** Retransmission timer expiries (TcpExt TCPTimeouts), both sides: each a stall of at least one RTO (≥ 200 ms). */
  timeouts: number;
  /**
   * The longest any socket on the path went without an ACK while retransmitting, in ms, from `ss -ti` sampled every
   * 250 ms in both namespaces (0: none was seen retransmitting; a stall shorter than a sample may be missed).
   */
  worstStallMs: number;
}

/** A phone radio's model applied to each client's timeline (`--radio`). */
export type RadioName = 'lte' | '3g';

/** A radio model's figures for one transport, per client: a model applied to a measured timeline. */
export interface RadioFigures {
  model: RadioName;
  /** Joules a client's radio would spend in an hour of this traffic. */
  joulesPerClientHour: number;
  /** Share of the time a client's radio was awake (promoting or in a tail), 0..1. */
  awakeShare: number;
}
