// Every command-line option, once: its flags, its help, its default and its parser. A command
// names the options it takes (`addOptions` in option-sets.ts) and parses them through `OPTIONS`,
// so a new command takes an option with one line and the same rules and messages.
import { parseThreshold, type Threshold } from '../checks/thresholds.js';
import { REPORT_FORMATS } from '../report/index.js';
import { existsSync } from 'node:fs';
import { loadResultFile } from '../run/result-file.js';
import { parseTarget } from '../run/target-url.js';
import { DEFAULT_LOG_WINDOW } from '../server/event-log.js';
import { DEFAULT_TRANSPORTS, TRANSPORTS } from '../shared/transports.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { checkDurationRange, formatSize, parseDuration, parseInteger } from '../shared/units.js';
import {
  MAX_CLIENTS,
  parseEventName,
  parseFormat,
  parseHeaders,
  parseHost,
  parseLogWindowBytes,
  parseMaxRegression,
  baselinePath,
  parseOutputPath,
  parsePayload,
  parseRate,
  parseToken,
  parseTransports,
} from './option-values.js';
import { parseMachine, parseRunId, parseStartAt } from './machine-options.js';
import { parseProcesses } from './process-options.js';
import { NETWORK_PROFILES, parseBandwidth, parseLoss, parseNetworkProfile, parseRadio } from './network-options.js';

/** What every option has: commander's flags and help, and the default as a user would type it. */
export interface OptionBase {
  /** Commander's flags, e.g. `--rate <n>`. */
  flags: string;
  description: string;
  /** Shown by --help and handed over when the option is not given; none for options that are off unless given. */
  default?: string;
  /** Each use adds one more text (e.g. `--threshold`). */
  repeatable?: boolean;
}

/** An option that takes a value, with the parser from its text to a typed value (throws UsageError naming it). */
export interface ValueOption<T> extends OptionBase {
  parse: (text: string) => T;
}

/** A switch: present or not, nothing to parse. */
export type FlagOption = OptionBase;

const value = <T>(
  flags: string,
  description: string,
  parse: (text: string) => T,
  extra: Omit<OptionBase, 'flags' | 'description'> = {},
): ValueOption<T> => ({ flags, description, parse, ...extra });

const flag = (flags: string, description: string): FlagOption => ({ flags, description });

/** A duration option's parser: a duration with a unit, within [minMs, maxMs]. */
const durationWithin =
  (option: string, minMs: number, maxMs: number) =>
  (text: string): number =>
    checkDurationRange(option, text, parseDuration(option, text), minMs, maxMs);

/** `--format` for a command that writes `formats`: its help lists them, its parser takes only them. */
export interface FormatOption<F extends string> extends ValueOption<F> {
  formats: readonly F[];
}

/**
 * The one `--format`, for the formats a command writes (compare and report: the report formats; sweep: its own);
 * `what` names them in the error (e.g. 'a sweep format').
 */
export function formatOption<F extends string>(formats: readonly F[], what?: string): FormatOption<F> {
  const description = `output format: ${formats.join(', ')} (default: table, or from --output's extension)`;
  return { ...value('--format <format>', description, (text) => parseFormat(text, formats, what)), formats };
}

/** Every option of every command, in the order `compare --help` lists them. */
export const OPTIONS = {
  transports: value(
    '--transports <list>',
    `comma list of ${TRANSPORTS.join(', ')} (or all); run in this order`,
    parseTransports,
    { default: DEFAULT_TRANSPORTS.join(',') },
  ),
  clients: value(
    '--clients <n>',
    `simulated clients per transport (1 to ${MAX_CLIENTS}, within the open-file limit)`,
    (text) => parseInteger('--clients', text, 1, MAX_CLIENTS),
    { default: '50' },
  ),
  // serve also accepts 0 (publish only on POST /publish): it calls parseRate(text, true) itself.
  rate: value('--rate <n>', 'events published per second (λ)', (text) => parseRate(text), { default: '10' }),
  duration: value(
    '--duration <time>',
    "length of each transport's phase, e.g. 500ms, 5s",
    durationWithin('--duration', 100, 3_600_000),
    { default: '5s' },
  ),
  pollInterval: value(
    '--poll-interval <time>',
    'short-poll interval (T)',
    durationWithin('--poll-interval', 10, 600_000),
    { default: '1s' },
  ),
  payload: value('--payload <size>', "size of each event's data, e.g. 64, 1kb (1 kb = 1024 bytes)", parsePayload, {
    default: '64',
  }),
  longPollTimeout: value(
    '--long-poll-timeout <time>',
    'how long the server holds a long poll before answering empty',
    durationWithin('--long-poll-timeout', 100, 3_600_000),
    { default: '30s' },
  ),
  host: value('--host <address>', 'address the demo server binds', parseHost, { default: '127.0.0.1' }),
  port: value(
    '--port <n>',
    'port the demo server binds (0 picks a free one)',
    (text) => parseInteger('--port', text, 0, 65_535),
    { default: '0' },
  ),
  seed: value(
    '--seed <n>',
    "seed for payloads and the pollers' start phases",
    (text) => parseInteger('--seed', text, 0, 4_294_967_295),
    { default: '1' },
  ),
  rtt: value(
    '--rtt <time>',
    'round trip to simulate: a relay holds every chunk RTT/2 each way (0ms: bare loopback)',
    durationWithin('--rtt', 0, 10_000),
    { default: '0ms' },
  ),
  // Its range depends on --rtt: parseCompareOptions checks it against the parsed RTT.
  jitter: value(
    '--jitter <time>',
    'spread of the relay delay, up to --rtt',
    (text) => parseDuration('--jitter', text),
    { default: '0ms' },
  ),
  headers: value(
    '--headers <profile>',
    "header weight: minimal (undici's own), browser (a browser's request headers and a production app's " +
      "response headers, about 900 B per poll; explain uses the whitepaper's 871 B) or FILE of 'Name: value' lines",
    parseHeaders,
    { default: 'minimal' },
  ),
  target: value(
    '--target <url>',
    'measure a server someone else runs instead of the demo server: http://host:port[/base] (docs/protocol.md) or ' +
      'ws://host:port/path (a broadcast chat; ws only)',
    parseTarget,
  ),
  publish: value(
    '--publish <how>',
    "measure an app as it is: how the tool sends its events in, 'METHOD URL', 'ws URL' or 'socketio URL#event' " +
      '(with --receive)',
    (text) => text,
  ),
  publishBody: value(
    '--publish-body <template>',
    "the app's own message for each event; {{marker}} becomes the tool's token (default: the token alone)",
    (text) => text,
  ),
  publishHeader: value(
    '--publish-header <header>',
    "'Name: value' sent with every HTTP publish (sent, never printed or saved); repeatable",
    (text) => text,
    { repeatable: true },
  ),
  receive: value(
    '--receive <lane>',
    `'KIND URL': one lane of the tables, KIND one of ${TRANSPORTS.join(', ')} (socketio: URL#event); repeatable`,
    (text) => text,
    { repeatable: true },
  ),
  receiveSend: value(
    '--receive-send <text>',
    "a text frame the ws lane's clients send once connected (an app's subscribe message)",
    (text) => text,
  ),
  tls: flag(
    '--tls',
    'serve HTTPS and WSS with a certificate made for the run (held in memory; the clients trust exactly it); bytes ' +
      'are still counted at the TCP socket, and what TLS adds is split out',
  ),
  http2: flag(
    '--http2',
    'short poll, long poll and SSE over HTTP/2 (h2 with --tls, h2c without), each client one connection and its ' +
      'requests streams; WebSocket and Socket.IO keep their HTTP/1.1 upgrade',
  ),
  insecure: flag(
    '--insecure',
    'with an https:// or wss:// --target, --publish or --receive: accept its certificate unchecked (a self-signed one)',
  ),
  runId: value(
    '--run-id <id>',
    'the id every machine of one measurement is given (with --machine; the parts merge with report --merge)',
    parseRunId,
  ),
  machine: value(
    '--machine <name>',
    "this machine's name in a run made on several machines (default with --run-id: the host name)",
    parseMachine,
  ),
  startAt: value(
    '--start-at <time>',
    'start at this wall-clock time, ISO 8601 with its zone or +DURATION (+30s), so machines started apart begin ' +
      'together',
    (text) => parseStartAt(text),
  ),
  processes: value(
    '--processes <n>',
    'spread the clients, and the demo server, over n processes each (default: 1, or as many as the open-file limit ' +
      'needs)',
    parseProcesses,
  ),
  loss: value(
    '--loss <percent>',
    'drop this share of packets at random on the path, each way (e.g. 3%): the kernel does it, in network ' +
      'namespaces the run makes (needs root, ip, tc, nft)',
    parseLoss,
  ),
  bandwidth: value(
    '--bandwidth <rate>',
    'limit the path to this rate each way (e.g. 256kbit, 2mbit), queueing what exceeds it (needs root, ip, tc)',
    parseBandwidth,
  ),
  network: value(
    '--network <profile>',
    `a published network's RTT, rates and loss: ${Object.entries(NETWORK_PROFILES)
      .map(
        ([name, p]) => `${name} (${p.rttMs} ms, ${p.downKbit}/${p.upKbit} kbit/s, ${p.lossPercent}% loss; ${p.source})`,
      )
      .join('; ')}; --rtt, --loss, --bandwidth override its figures`,
    parseNetworkProfile,
  ),
  restartAt: value(
    '--restart-at <time>',
    'kill the demo server this far into each phase (serve: after it starts) with SIGKILL and start it again on ' +
      'the same port with its event log, as a deploy does; each transport shows how its clients came back ' +
      '(without --duration, each phase runs at least 3 s past it)',
    durationWithin('--restart-at', 1, 3_600_000),
  ),
  radio: value(
    '--radio <model>',
    "a phone radio's energy for each client's traffic: lte (Huang et al., MobiSys 2012) or 3g (AT&T ARO's " +
      'defaults), a model applied to the measured timeline of its messages',
    parseRadio,
  ),
  parallel: flag(
    '--parallel',
    'run every transport at once on the same events (one phase; they share the machine), not one after another',
  ),
  deflate: flag(
    '--deflate',
    'negotiate permessage-deflate on WebSocket and Socket.IO, as the Python stacks do by default',
  ),
  socketioEvent: value(
    '--socketio-event <name>',
    'with --target: the Socket.IO event the target broadcasts and the tool emits (default: message)',
    parseEventName,
  ),
  quick: flag(
    '--quick',
    'CI preset: 10 clients, 10 events/s, 2s phases, 500ms polls (about 10 s); explicit options win',
  ),
  format: formatOption(REPORT_FORMATS),
  json: flag('--json', 'shortcut for --format json'),
  output: value(
    '--output <file>',
    'also write the document to FILE (the tables still go to the terminal)',
    parseOutputPath,
  ),
  details: flag(
    '--details',
    'print every table (latency percentiles, bytes by kind, requests, cost, projections), not only the verdict, the ' +
      'essentials and the chart',
  ),
  quiet: flag('--quiet', 'print nothing on stdout and no progress (with --output, only the file is written)'),
  threshold: value<Threshold>(
    '--threshold <expr>',
    "fail (exit 1) unless the figure holds, e.g. 'ws.latency.p99<5ms'; repeatable",
    (text) => parseThreshold(text),
    { repeatable: true },
  ),
  baseline: value<{ file: string; result?: ComparisonResult }>(
    '--baseline <file>',
    "compare with a result saved with --format json; regressions exit 1 (a missing file is made from this run's " +
      'result: the first baseline)',
    (file) => (existsSync(file) ? { file, result: loadResultFile(file, '--baseline') } : { file: baselinePath(file) }),
  ),
  maxRegression: value(
    '--max-regression <pct>',
    'tolerated worsening against the baseline, in percent, for every metric (default: 5% for bytes and requests ' +
      'per event, 100% and 5 ms for latency, none for losses and faults)',
    parseMaxRegression,
  ),
  logWindow: value(
    '--log-window <n>',
    'events the server keeps for readers that fall behind or resume',
    (text) => parseInteger('--log-window', text, 1, 10_000_000),
    { default: String(DEFAULT_LOG_WINDOW.maxEvents) },
  ),
  logWindowBytes: value(
    '--log-window-bytes <size>',
    'bytes of event JSON the server keeps (the newest event is always kept)',
    parseLogWindowBytes,
    { default: formatSize(DEFAULT_LOG_WINDOW.maxBytes) },
  ),
  token: value(
    '--token <token>',
    'the token POST /publish needs (Authorization: Bearer TOKEN); made up and printed when --host is not loopback',
    parseToken,
  ),
} as const;

/** The name of an option in `OPTIONS` (its camel-case key, as commander hands it over). */
export type OptionKey = keyof typeof OPTIONS;
