import { readFileSync } from 'node:fs';

/** TCP payload bytes in a capture, by direction relative to one server port. */
export interface CapturedBytes {
  /** Payload bytes sent to the port (clients → server), each byte of the stream once. */
  toServer: number;
  /** Payload bytes sent from the port (server → clients), each byte of the stream once. */
  fromServer: number;
  /** Payload the kernel sent again (a retransmission, a tail-loss probe): on the wire twice, in the stream once. */
  retransmitted: number;
  packets: number;
}

const LINK_ETHERNET = 1;
const LINK_LINUX_SLL = 113;
const LINK_LINUX_SLL2 = 276;

/**
 * Sums the TCP payload of every IPv4 or IPv6 packet to or from `port` in a classic pcap file (as
 * tcpdump -w writes it). Payload is the IP packet's length less the IP and TCP headers. Each
 * flow's sequence numbers say which bytes are new: a segment the kernel sent again (Linux sends
 * a tail-loss probe even on loopback when an ACK is slow) is counted as retransmitted, so the
 * stream totals are what the applications wrote, as the sockets count it.
 */
export function tcpPayloadBytes(file: string, port: number): CapturedBytes {
  const data = readFileSync(file);
  const magic = data.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && data.readUInt32BE(0) !== 0xa1b2c3d4 && data.readUInt32BE(0) !== 0xa1b23c4d)
    throw new Error(`${file} is not a pcap file`);
  const u32 = (at: number): number => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const link = u32(20);
  const linkHeader = link === LINK_ETHERNET ? 14 : link === LINK_LINUX_SLL ? 16 : link === LINK_LINUX_SLL2 ? 20 : -1;
  if (linkHeader < 0) throw new Error(`${file}: link type ${link} is not read here`);
  const totals: CapturedBytes = { toServer: 0, fromServer: 0, retransmitted: 0, packets: 0 };
  // Per flow (source and destination address and port): the sequence number after its newest byte.
  const flowEnds = new Map<string, number>();
  for (let at = 24; at + 16 <= data.length; ) {
    const captured = u32(at + 8);
    const original = u32(at + 12);
    const packet = at + 16;
    at = packet + captured;
    if (captured !== original)
      throw new Error(
        `${file}: a packet was cut at ${captured} of ${original} bytes; capture with a larger snap length`,
      );
    let ip = packet + linkHeader;
    const start = ip;
    const version = data[ip]! >> 4;
    let ipPayload: number;
    let protocol: number;
    if (version === 4) {
      const headerBytes = (data[ip]! & 0x0f) * 4;
      ipPayload = data.readUInt16BE(ip + 2) - headerBytes;
      protocol = data[ip + 9]!;
      ip += headerBytes;
    } else if (version === 6) {
      ipPayload = data.readUInt16BE(ip + 4);
      protocol = data[ip + 6]!;
      ip += 40;
    } else continue;
    if (protocol !== 6) continue;
    const source = data.readUInt16BE(ip);
    const destination = data.readUInt16BE(ip + 2);
    const tcpHeader = (data[ip + 12]! >> 4) * 4;
    const payload = ipPayload - tcpHeader;
    totals.packets += 1;
    if (payload <= 0 || (destination !== port && source !== port)) continue;
    const addresses = version === 4 ? data.subarray(start + 12, start + 20) : data.subarray(start + 8, start + 40);
    const flow = `${addresses.toString('hex')}:${source}>${destination}`;
    const end = (data.readUInt32BE(ip + 4) + payload) >>> 0;
    const previous = flowEnds.get(flow);
    // How far this segment reaches past the flow's newest byte, modulo 2^32 (sequence numbers wrap).
    const ahead = previous === undefined ? payload : (end - previous) | 0;
    const fresh = Math.max(0, Math.min(payload, ahead));
    if (ahead > 0) flowEnds.set(flow, end);
    totals.retransmitted += payload - fresh;
    if (destination === port) totals.toServer += fresh;
    else totals.fromServer += fresh;
  }
  return totals;
}
