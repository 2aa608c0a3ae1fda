/**
 * Source ports for clients that connect from an address of their own (a client process's
 * loopback address). Left to the kernel, every bind() searches the port range for a free port,
 * and on Linux that search grows with the sockets already bound: a process binding its
 * 14,000th socket spent seconds of system time per batch. Naming the port makes a bind one
 * lookup, so each address hands out its ports in turn, from a random place in a range no
 * system picks from by itself (below the usual ephemeral range), skipping ports found busy.
 */

/** The ports handed out: 10000 to 32767, below Linux's ephemeral range (32768 to 60999). */
const LOW = 10_000;
const HIGH = 32_768;
/**
 * How many busy ports a connection skips before it leaves the port to the kernel (slow, but it finds one if any is
 * free).
 */
export const BUSY_PORT_RETRIES = 16;

const nextByAddress = new Map<string, number>();

/**
 * The source port for a connection's `attempt` (0 first, one more for each busy port met) from
 * `address`: the address's next one, or none (the kernel's pick) once it met too many busy ones,
 * as when the ports wrapped around onto the process's own open connections.
 */
export function sourcePortFor(address: string, attempt: number): number | undefined {
  return attempt < BUSY_PORT_RETRIES ? nextSourcePort(address) : undefined;
}

/** The next source port to bind on `address`. */
export function nextSourcePort(address: string): number {
  const next = nextByAddress.get(address) ?? LOW + Math.floor(Math.random() * (HIGH - LOW));
  nextByAddress.set(address, next + 1 >= HIGH ? LOW : next + 1);
  return next;
}

/**
 * Whether `error` is a bind to a source port something else holds (a listener on every address, a socket in TIME_WAIT).
 */
export function isBusySourcePort(error: unknown): boolean {
  const { code, syscall } = error as { code?: string; syscall?: string };
  return code === 'EADDRINUSE' && syscall === 'bind';
}
