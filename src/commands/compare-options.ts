import { UsageError } from '../shared/errors.js';
import type { CompareOptions } from '../shared/options-types.js';
import { checkDurationRange, formatDurationMs } from '../shared/units.js';
import { checkOpenFileLimit, openFileLimit } from './option-values.js';
import { anyPollsOnTimer } from '../shared/transports.js';
import { checkTargetTransports } from '../run/target-probes.js';
import { CHAT_TRANSPORTS } from '../run/target-url.js';
import { defaultMachine } from './machine-options.js';
import { parseNetworkOptions } from './network-options.js';
import { processesFor } from './process-options.js';
import { parseRestartAt } from './restart-options.js';
import { RUN_OPTION_KEYS, defaultsOf, type RawOptions, type RunOptionKey } from './option-sets.js';
import { OPTIONS } from './options.js';
import { parseAppOptions, type RawAppOptions } from './app-options.js';

/** The compare command's run parameters as commander hands them over: strings, before validation. */
export type RawCompareOptions = RawOptions<RunOptionKey>;

/** The defaults, as a user would type them (shown by --help). */
export const COMPARE_DEFAULTS: RawCompareOptions = defaultsOf(RUN_OPTION_KEYS);

/** `--quick`: a preset for CI that runs all four transports in about 10 s; explicit options win. */
export const QUICK_PRESET: Partial<RawCompareOptions> = {
  clients: '10',
  rate: '10',
  duration: '2s',
  pollInterval: '500ms',
};

/** A run made on several machines: its id and this machine's name go together; the start time stands alone. */
function machineOptions(extra: CompareExtra): Pick<CompareOptions, 'runId' | 'machine' | 'startAtMs'> {
  if (extra.machine !== undefined && extra.runId === undefined) {
    throw new UsageError(`--machine: goes with --run-id, the id every machine of the measurement shares`);
  }
  const runId = extra.runId === undefined ? undefined : OPTIONS.runId.parse(extra.runId);
  const machine =
    runId === undefined
      ? undefined
      : extra.machine === undefined
        ? defaultMachine()
        : OPTIONS.machine.parse(extra.machine);
  const startAtMs = extra.startAt === undefined ? undefined : OPTIONS.startAt.parse(extra.startAt);
  return {
    ...(runId !== undefined ? { runId, machine: machine! } : {}),
    ...(startAtMs !== undefined ? { startAtMs } : {}),
  };
}

/** What an app run (`--publish`, `--receive`) cannot be given with: its lanes and its server are the app's. */
function checkApp(options: CompareOptions, raw: RawCompareOptions): void {
  if (options.target)
    throw new UsageError(
      '--publish: measures an app as it is; --target measures a server speaking docs/protocol.md; give one of them',
    );
  if (raw.transports !== COMPARE_DEFAULTS.transports)
    throw new UsageError(`--transports: with --receive each --receive is a lane; drop --transports`);
  if (options.socketIoEvent !== undefined)
    throw new UsageError(`--socketio-event: with --receive, name the event in the URL: 'socketio URL#event'`);
  if (options.tls) throw new UsageError(`--tls: an app's URLs say whether it speaks TLS; use https:// or wss://`);
  if (raw.payload !== COMPARE_DEFAULTS.payload)
    throw new UsageError(
      `--payload: with --publish each event is the app's own message (--publish-body); drop --payload`,
    );
  if (options.rttMs > 0)
    throw new UsageError(
      `--rtt: the delay relay runs beside the demo server; an app's own RTT is measured (drop --rtt)`,
    );
}

/**
 * The wire switches that do not fit the run: TLS is the target's scheme's to say, --insecure is for a target's
 * certificate.
 */
function checkWire(options: CompareOptions): void {
  const urls = [
    options.target?.url,
    options.app?.publish.url,
    ...(options.app?.receivers.map((receiver) => receiver.url) ?? []),
  ];
  const secureTarget = urls.some((url) => url !== undefined && /^(https|wss):/.test(url));
  if (options.tls && options.target) {
    throw new UsageError(
      `--tls: a target's scheme says whether it speaks TLS; use https:// or wss:// in --target and drop --tls`,
    );
  }
  if (options.insecure && !secureTarget) {
    throw new UsageError(
      `--insecure: goes with an https:// or wss:// --target, --publish or --receive; the demo server's own ` +
        'certificate is trusted exactly',
    );
  }
  if (options.http2 && options.target?.kind === 'chat') {
    throw new UsageError(
      `--http2: a chat target speaks only WebSocket, which keeps its HTTP/1.1 upgrade; drop --http2`,
    );
  }
}

/** Applies the quick preset to every option the user did not give explicitly. */
export function withQuickPreset(
  raw: RawCompareOptions,
  explicit: (key: keyof RawCompareOptions) => boolean,
): RawCompareOptions {
  const merged = { ...raw };
  for (const [key, value] of Object.entries(QUICK_PRESET) as Array<[keyof RawCompareOptions, string]>) {
    if (!explicit(key)) merged[key] = value;
  }
  return merged;
}

/** The compare switches and texts beside the run parameters, as commander hands them over. */
export interface CompareExtra extends RawAppOptions {
  target?: string;
  deflate?: boolean;
  socketioEvent?: string;
  parallel?: boolean;
  tls?: boolean;
  http2?: boolean;
  insecure?: boolean;
  runId?: string;
  machine?: string;
  startAt?: string;
  processes?: string;
  loss?: string;
  bandwidth?: string;
  network?: string;
  radio?: string;
  restartAt?: string;
}

/** The extras of `raw` (commander's options object), with only the ones given. */
export function compareExtra(raw: CompareExtra): CompareExtra {
  const keys = [
    'target',
    'publish',
    'publishBody',
    'publishHeader',
    'receive',
    'receiveSend',
    'deflate',
    'socketioEvent',
    'parallel',
    'tls',
    'http2',
    'insecure',
    'runId',
    'machine',
    'startAt',
    'processes',
    'loss',
    'bandwidth',
    'network',
    'radio',
    'restartAt',
  ] as const;
  return Object.fromEntries(
    keys.filter((key) => raw[key] !== undefined && raw[key] !== false).map((key) => [key, raw[key]]),
  ) as CompareExtra;
}

/** Validates every compare option before anything starts; throws UsageError naming the option. */
export function parseCompareOptions(raw: RawCompareOptions, extra: CompareExtra = {}): CompareOptions {
  const durationMs = OPTIONS.duration.parse(raw.duration);
  const pollIntervalMs = OPTIONS.pollInterval.parse(raw.pollInterval);
  const longPollTimeoutMs = OPTIONS.longPollTimeout.parse(raw.longPollTimeout);
  const payloadBytes = OPTIONS.payload.parse(raw.payload);
  const host = OPTIONS.host.parse(raw.host);
  const options: CompareOptions = {
    transports: OPTIONS.transports.parse(raw.transports),
    clients: OPTIONS.clients.parse(raw.clients),
    ratePerSec: OPTIONS.rate.parse(raw.rate),
    durationMs,
    pollIntervalMs,
    payloadBytes,
    longPollTimeoutMs,
    host,
    port: OPTIONS.port.parse(raw.port),
    seed: OPTIONS.seed.parse(raw.seed),
    rttMs: OPTIONS.rtt.parse(raw.rtt),
    jitterMs: 0,
    ...(extra.deflate ? { deflate: true } : {}),
    ...(extra.parallel ? { parallel: true } : {}),
    ...(extra.tls ? { tls: true } : {}),
    ...(extra.http2 ? { http2: true } : {}),
    ...(extra.insecure ? { insecure: true } : {}),
    ...machineOptions(extra),
    ...OPTIONS.headers.parse(raw.headers),
    ...(extra.target !== undefined ? { target: OPTIONS.target.parse(extra.target) } : {}),
    ...(extra.socketioEvent !== undefined ? { socketIoEvent: OPTIONS.socketioEvent.parse(extra.socketioEvent) } : {}),
  };
  const app = parseAppOptions(extra);
  if (app) {
    checkApp(options, raw);
    options.app = app;
    options.transports = app.receivers.map((receiver) => receiver.transport);
  }
  if (options.socketIoEvent !== undefined && !options.target) {
    throw new UsageError("--socketio-event: goes with --target; the demo server emits 'message'");
  }
  checkWire(options);
  // A shaped path: the kernel's loss and rates, and a profile's RTT unless --rtt was given.
  const shaped = parseNetworkOptions(extra, options, raw.rtt !== COMPARE_DEFAULTS.rtt);
  if (shaped.network) options.network = shaped.network;
  if (shaped.rttMs !== undefined) options.rttMs = shaped.rttMs;
  if (extra.radio !== undefined) options.radio = OPTIONS.radio.parse(extra.radio);
  if (options.target) {
    // A ws:// target is a chat: it is measured on WebSocket, which need not be said again.
    if (options.target.kind === 'chat' && raw.transports === COMPARE_DEFAULTS.transports)
      options.transports = [...CHAT_TRANSPORTS];
    checkTargetTransports(options.target, options.transports, Boolean(options.parallel));
    if (options.rttMs > 0)
      throw new UsageError(
        `--rtt: the delay relay runs beside the demo server; with --target the network's own RTT is measured (drop ` +
          `--rtt)`,
      );
  }
  const jitterMs = OPTIONS.jitter.parse(raw.jitter);
  if (jitterMs > 0 && options.rttMs === 0) {
    throw new UsageError(`--jitter: '${raw.jitter}' needs --rtt; jitter spreads the relay's delay around RTT/2`);
  }
  options.jitterMs = checkDurationRange('--jitter', raw.jitter, jitterMs, 0, options.rttMs);
  if (options.rttMs >= pollIntervalMs && anyPollsOnTimer(options.transports)) {
    // A profile's RTT (--network) is named as such: the user did not type it.
    const rtt =
      shaped.rttMs !== undefined ? `${formatDurationMs(shaped.rttMs)}' (--network ${extra.network})` : `${raw.rtt}'`;
    throw new UsageError(
      `--rtt: '${rtt} must be shorter than --poll-interval (${raw.pollInterval}) for short polls to keep their interval`,
    );
  }
  // Past one process's open files the clients, and the server, spread over processes; each is checked.
  const processes = processesFor(
    options,
    extra.processes === undefined ? undefined : OPTIONS.processes.parse(extra.processes),
  );
  if (processes > 1) options.processes = processes;
  else checkOpenFileLimit(options.clients, openFileLimit(), options.rttMs > 0 ? 3 : 1);
  if (extra.restartAt !== undefined) options.restartAtMs = parseRestartAt(extra.restartAt, options);
  if (anyPollsOnTimer(options.transports) && durationMs <= pollIntervalMs) {
    throw new UsageError(
      `--duration: '${raw.duration}' must be longer than --poll-interval (${raw.pollInterval}); each phase ` +
        `publishes for its duration less one poll interval`,
    );
  }
  return options;
}
