/**
 * A shaped path (`--loss`, `--bandwidth`, `--network`): the demo server in one network namespace,
 * the clients in another, a veth pair between them. The kernel limits each direction's rate (tbf on
 * the sending end) and drops packets at random as they arrive on either side (nftables' numgen);
 * the relay in the server process still makes the delay (--rtt). Nothing touches the host's own
 * interfaces: everything lives in the two namespaces and goes with them, removed on every exit
 * (a crashed run's are removed by the next one).
 */
import { execFile, execFileSync } from 'node:child_process';
import { PvpError } from '../shared/errors.js';
import type { NetworkPath, TcpPathCounts } from '../shared/network-types.js';

/** The two ends' addresses: the same in every run, each pair alone in its own namespaces. */
const SERVER_IP = '10.77.0.1';
const CLIENT_IP = '10.77.0.2';
/** How long a packet may wait in a rate limiter's queue before it is dropped, as a slow link's buffer would. */
const QUEUE_LATENCY = '1000ms';

/** The namespaces of one run, and what the run asks of them. */
export interface ShapedPath {
  serverNs: string;
  clientNs: string;
  serverIp: string;
  /** `ip netns exec NS` before a command, to run it in `ns`. */
  execIn(ns: string): string[];
  /** TCP's counters of both namespaces now (they only grow): a phase's are the difference. */
  tcpCounts(): Omit<TcpPathCounts, 'worstStallMs'>;
  /**
   * Starts sampling the path's sockets every 250 ms (`ss -ti`, both namespaces); the function it returns stops and gives
   * the longest any went without an ACK while retransmitting, in ms.
   */
  watchStalls(): () => number;
  /** Removes both namespaces and everything in them; safe to call again. */
  remove(): void;
}

/** `ip netns exec NS`: what runs a command in namespace `ns`. */
const inNamespace = (ns: string): string[] => ['ip', 'netns', 'exec', ns];

const run = (args: string[], input?: string): string =>
  execFileSync(args[0]!, args.slice(1), { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000, input });

/** The run's namespaces by process id: `pvp<pid>-s` and `pvp<pid>-c`. */
const namesOf = (pid: number): { serverNs: string; clientNs: string; serverIf: string; clientIf: string } => ({
  serverNs: `pvp${pid}-s`,
  clientNs: `pvp${pid}-c`,
  serverIf: `pvp${pid}s`,
  clientIf: `pvp${pid}c`,
});

/** Whether process `pid` is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the namespaces of runs whose process is gone (one killed outright leaves its own behind). */
export function removeStale(): string[] {
  const names = run(['ip', 'netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => /^pvp\d+-[sc]$/.test(name));
  const stale = names.filter((name) => !alive(Number(/^pvp(\d+)-/.exec(name)![1])));
  for (const name of stale) run(['ip', 'netns', 'del', name]);
  return stale;
}

/** The kernel's TCP counters in `ns`: RetransSegs from /proc/net/snmp, TCPTimeouts from /proc/net/netstat. */
function countersIn(ns: string): Omit<TcpPathCounts, 'worstStallMs'> {
  const field = (text: string, prefix: string, name: string): number => {
    const lines = text.split('\n').filter((line) => line.startsWith(`${prefix}:`));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const at = names.indexOf(name);
    return at > 0 ? Number(values[at]) : 0;
  };
  const snmp = run([...inNamespace(ns), 'cat', '/proc/net/snmp']);
  const netstat = run([...inNamespace(ns), 'cat', '/proc/net/netstat']);
  return {
    retransmittedSegments: field(snmp, 'Tcp', 'RetransSegs'),
    timeouts: field(netstat, 'TcpExt', 'TCPTimeouts'),
  };
}

/**
 * The longest stall in `ss -ti` output: of the sockets retransmitting (in RTO backoff, or with segments resent and still
 * unacknowledged), the most milliseconds since one received an ACK; 0 when none is.
 */
export function retransmissionStallMs(ssOutput: string): number {
  let worst = 0;
  for (const line of ssOutput.split('\n')) {
    const number = (name: string): number => Number(new RegExp(`\\b${name}:(\\d+)`).exec(line)?.[1] ?? 0);
    const resending = number('backoff') > 0 || (number('retrans') > 0 && number('unacked') > 0);
    if (resending) worst = Math.max(worst, number('lastack'));
  }
  return worst;
}

/** How often the path's sockets are looked at for a stall. */
const STALL_SAMPLE_MS = 250;

/** `ss -ti` of the path's sockets in `ns` (those to the other end's address), at most 2 s. */
function socketsIn(ns: string, peer: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, 'ss', '-tinH', 'state', 'established', `( dst ${peer} )`],
      { timeout: 2000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => resolve(error ? '' : stdout),
    );
  });
}

/** The nftables rules that drop `lossPercent` of what arrives on `ifname`, in hundredths of a percent. */
function lossRules(ifname: string, lossPercent: number): string {
  const per10k = Math.round(lossPercent * 100);
  return [
    'table inet pvp {',
    '  chain arriving {',
    '    type filter hook prerouting priority -300; policy accept;',
    `    iifname "${ifname}" numgen random mod 10000 < ${per10k} drop`,
    '  }',
    '}',
  ].join('\n');
}

/** A rate limiter on `ifname` in `ns` (tbf: `kbit` kbit/s, a burst of at least two full frames). */
function limitRate(ns: string, ifname: string, kbit: number): void {
  const burstBytes = Math.max(3200, Math.ceil((kbit * 1000) / 8 / 100));
  run([
    ...inNamespace(ns),
    'tc',
    'qdisc',
    'add',
    'dev',
    ifname,
    'root',
    'tbf',
    'rate',
    `${kbit}kbit`,
    'burst',
    `${burstBytes}`,
    'latency',
    QUEUE_LATENCY,
  ]);
}

/** Makes the run's shaped path; throws PVP_ERR_NETWORK (after removing what it made) when the kernel refuses. */
export function createPath(path: NetworkPath, pid = process.pid): ShapedPath {
  const { serverNs, clientNs, serverIf, clientIf } = namesOf(pid);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    for (const ns of [serverNs, clientNs]) {
      try {
        run(['ip', 'netns', 'del', ns]);
      } catch {
        // Already gone (or never made): nothing to remove.
      }
    }
  };
  // Whatever ends the process (an error, a signal the CLI turned into an exit) removes them.
  process.on('exit', remove);
  try {
    removeStale();
    run(['ip', 'netns', 'add', serverNs]);
    run(['ip', 'netns', 'add', clientNs]);
    run([
      'ip',
      'link',
      'add',
      serverIf,
      'netns',
      serverNs,
      'type',
      'veth',
      'peer',
      'name',
      clientIf,
      'netns',
      clientNs,
    ]);
    for (const [ns, ifname, ip] of [
      [serverNs, serverIf, SERVER_IP],
      [clientNs, clientIf, CLIENT_IP],
    ] as const) {
      run(['ip', '-n', ns, 'addr', 'add', `${ip}/30`, 'dev', ifname]);
      run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      run(['ip', '-n', ns, 'link', 'set', ifname, 'up']);
    }
    if (path.downKbit !== undefined) limitRate(serverNs, serverIf, path.downKbit);
    if (path.upKbit !== undefined) limitRate(clientNs, clientIf, path.upKbit);
    if (path.lossPercent > 0) {
      run([...inNamespace(serverNs), 'nft', '-f', '-'], lossRules(serverIf, path.lossPercent));
      run([...inNamespace(clientNs), 'nft', '-f', '-'], lossRules(clientIf, path.lossPercent));
    }
  } catch (error) {
    remove();
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new PvpError('PVP_ERR_NETWORK', `could not shape the path in network namespaces: ${detail}`);
  }
  return {
    serverNs,
    clientNs,
    serverIp: SERVER_IP,
    execIn: inNamespace,
    watchStalls: () => {
      let worst = 0;
      let sampling = false;
      const timer = setInterval(() => {
        // One sample at a time: a slow `ss` skips a beat rather than piling up.
        if (sampling) return;
        sampling = true;
        void Promise.all([socketsIn(serverNs, CLIENT_IP), socketsIn(clientNs, SERVER_IP)]).then(([a, b]) => {
          worst = Math.max(worst, retransmissionStallMs(a), retransmissionStallMs(b));
          sampling = false;
        });
      }, STALL_SAMPLE_MS);
      return () => {
        clearInterval(timer);
        return worst;
      };
    },
    tcpCounts: () => {
      const [a, b] = [countersIn(serverNs), countersIn(clientNs)];
      return {
        retransmittedSegments: a.retransmittedSegments + b.retransmittedSegments,
        timeouts: a.timeouts + b.timeouts,
      };
    },
    remove,
  };
}
