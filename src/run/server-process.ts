import type { ChildProcess } from 'node:child_process';
import { PvpError } from '../shared/errors.js';
import { builtEntry, forkEntry } from './entries.js';
import type { ServerProcessOptions } from '../server/protocol.js';
import type {
  ControlMessage,
  ControlRequest,
  ControlResults,
  HandedEvent,
  ServedCertificate,
  TakeOver,
} from '../server/protocol.js';

type Op = keyof ControlResults;
type RequestOf<K extends Op> = Omit<Extract<ControlRequest, { op: K }>, 'id' | 'op'>;

/** The demo server running in its own process, driven over IPC. */
export interface ServerProcess {
  url: string;
  host: string;
  port: number;
  /** What a `--tls` server serves, for its clients to trust. */
  certificate?: ServedCertificate;
  /**
   * Asks the server process; rejects with PVP_ERR_SERVER_EXIT when it is gone, or with
   * PVP_ERR_SERVER_TIMEOUT (and kills it) when it does not answer within `timeoutMs`.
   */
  call<K extends Op>(op: K, args?: RequestOf<K>, timeoutMs?: number): Promise<ControlResults[K]>;
  /** Resolves with the reason when the server process exits, whenever that is. */
  readonly exited: Promise<PvpError>;
  /** Closes the server and waits for its process to exit. */
  stop(): Promise<void>;
  /** Kills its process at once (SIGKILL: the kernel closes its sockets) and waits for it to be gone. */
  kill(): Promise<void>;
}

/** How long an IPC request may wait for its answer unless the caller says otherwise. */
const CALL_TIMEOUT_MS = 30_000;

/** Forks the demo server (through `launch` when given: into a network namespace) and resolves once it listens. */
export function startServerProcess(
  options: ServerProcessOptions,
  launch?: readonly string[],
  handedOver?: HandedEvent[],
): Promise<ServerProcess> {
  const child: ChildProcess = forkEntry(
    builtEntry('server/process-main.js', 'the demo server'),
    [JSON.stringify(handedOver ? { ...options, takesOver: true } : options)],
    launch,
  );
  // A restarted server's log goes first: the process listens only once it has it.
  if (handedOver) child.send({ op: 'take-over', events: handedOver } satisfies TakeOver);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: PvpError | undefined;
  let signalExit: (reason: PvpError) => void = () => {};
  const exited = new Promise<PvpError>((resolve) => (signalExit = resolve));

  const fail = (error: PvpError): void => {
    gone ??= error;
    for (const waiter of pending.values()) waiter.reject(gone);
    pending.clear();
  };
  // A send on a channel that just closed emits 'error'; the exit handler reports the cause.
  child.on('error', (error) =>
    fail(new PvpError('PVP_ERR_SERVER_EXIT', `the demo server process failed (${error.message})`)),
  );

  const call = <K extends Op>(op: K, args?: RequestOf<K>, timeoutMs = CALL_TIMEOUT_MS): Promise<ControlResults[K]> => {
    if (gone || !child.connected)
      return Promise.reject(gone ?? new PvpError('PVP_ERR_SERVER_EXIT', 'the demo server process has exited'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new PvpError(
            'PVP_ERR_SERVER_TIMEOUT',
            `the demo server process did not answer '${op}' within ${timeoutMs} ms`,
          ),
        );
        // A server that stopped answering is no use to the run; make sure it is gone.
        child.kill('SIGKILL');
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as ControlResults[K]);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...(args ?? {}), id, op });
    });
  };

  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      const error = new PvpError('PVP_ERR_SERVER_EXIT', `the demo server process exited (${signal ?? `code ${code}`})`);
      fail(error);
      signalExit(gone ?? error);
      reject(error);
    });
    child.on('message', (message: ControlMessage) => {
      switch (message.type) {
        case 'ready':
          resolve({
            url: message.url,
            host: message.host,
            port: message.port,
            ...(message.certificate ? { certificate: message.certificate } : {}),
            call,
            exited,
            stop: async () => {
              if (!gone && child.connected) child.send({ id: nextId++, op: 'close' });
              const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
              await exited;
              clearTimeout(killer);
            },
            kill: async () => {
              child.kill('SIGKILL');
              await exited;
            },
          });
          break;
        case 'fatal':
          reject(new PvpError(message.code, message.message));
          break;
        case 'reply': {
          const waiter = pending.get(message.id);
          if (!waiter) break;
          pending.delete(message.id);
          if (message.ok) waiter.resolve(message.result);
          else waiter.reject(new Error(message.message));
          break;
        }
      }
    });
  });
}
