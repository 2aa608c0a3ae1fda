import { NOMINAL_HEADER_BYTES } from '../model/headers.js';

/**
 * The whitepaper's counts ("HTML5 Web Sockets: A Quantum Leap in Scalability for the Web",
 * Lubbers & Greco): 871 header bytes per polling request and response, 2 bytes per WebSocket
 * frame, one message per client per second, Mbit = 2^20 bits. Quoted, not measured. The 871 B
 * is the model's nominal browser header pair, the same count, so it is defined there once.
 */
export const WHITEPAPER = {
  pollHeaderBytes: NOMINAL_HEADER_BYTES.browser,
  frameBytes: 2,
  bitsPerMbit: 2 ** 20,
} as const;
