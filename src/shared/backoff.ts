/** How a client backs off before it reconnects: the clients do it (clients/backoff.ts), the report says it. */

/** The first reconnect waits up to this long, in ms… */
export const BACKOFF_BASE_MS = 100;
/** …and no wait is ever longer than this. */
export const BACKOFF_CAP_MS = 5000;

/** The backoff in words, for the report's notes and the README. */
export const BACKOFF_WORDS =
  `with exponential backoff and equal jitter (${BACKOFF_BASE_MS / 2}–${BACKOFF_BASE_MS} ms, doubling with each ` +
  `failed try up to ${BACKOFF_CAP_MS / 2000}–${BACKOFF_CAP_MS / 1000} s; Brooker, "Exponential Backoff And Jitter", ` +
  `AWS Architecture Blog, 2015); Socket.IO with its own (${BACKOFF_BASE_MS} ms·2ⁿ ± 50%, at most ` +
  `${BACKOFF_CAP_MS / 1000} s)`;
