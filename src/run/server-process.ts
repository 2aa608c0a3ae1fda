import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PvpError, type ErrorCode } from '../shared/errors.js';
import type { ServerProcessOptions } from '../server/process-main.js';
import type { ControlMessage, ControlRequest, ControlResults } from '../server/protocol.js';

type Op = keyof ControlResults;
type RequestOf<K extends Op> = Omit<Extract<ControlRequest, { op: K }>, 'id' | 'op'>;

/** The demo server running in its own process, driven over IPC. */
export interface ServerProcess {
  url: string;
  host: string;
  port: number;
  call<K extends Op>(op: K, args?: RequestOf<K>): Promise<ControlResults[K]>;
  /** Closes the server and waits for its process to exit. */
  stop(): Promise<void>;
}

/** The built server entry; under vitest this module runs from src/, so look in dist/. */
function serverEntry(): string {
  const beside = fileURLToPath(new URL('../server/process-main.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = beside.replace(/([\\/])src([\\/])server([\\/])/, '$1dist$2server$3');
  if (existsSync(built)) return built;
  throw new PvpError('PVP_ERR_SERVER_START', `the demo server entry is missing (${built}); run npm run build`);
}

/** Forks the demo server and resolves once it listens. */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = fork(serverEntry(), [JSON.stringify(options)], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new PvpError('PVP_ERR_SERVER_EXIT', `the demo server process exited (${signal ?? `code ${code}`})`);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      reject(error);
    });
    child.on('message', (message: ControlMessage) => {
      switch (message.type) {
        case 'ready':
          resolve({
            url: message.url,
            host: message.host,
            port: message.port,
            call: (op, args) => {
              if (exited) return Promise.reject(new PvpError('PVP_ERR_SERVER_EXIT', 'the demo server process has exited'));
              const id = nextId++;
              return new Promise((res, rej) => {
                pending.set(id, { resolve: res as (value: unknown) => void, reject: rej });
                child.send({ ...(args ?? {}), id, op });
              });
            },
            stop: async () => {
              if (!exited && child.connected) {
                const id = nextId++;
                child.send({ id, op: 'close' });
              }
              const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
              await exitedPromise;
              clearTimeout(killer);
            },
          });
          break;
        case 'fatal':
          reject(new PvpError(message.code as ErrorCode, message.message));
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
