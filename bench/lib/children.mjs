// Child processes of the bench: forked with IPC, tracked so every one is gone when the bench ends.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const live = new Set();

/** Path of a script under bench/children/. */
export function childScript(name) {
  return fileURLToPath(new URL(`../children/${name}`, import.meta.url));
}

/**
 * Forks `script` with `options` as its one JSON argument and returns a handle: `next(type, ms)`
 * waits for the child's next message of that type (rejecting on a timeout, an `error` message
 * or the child's exit), `send(message)`, and `stop(ms)` which asks it to close, then kills it.
 */
export function forkChild(script, options = {}, { execArgv = [] } = {}) {
  const child = fork(script, [JSON.stringify(options)], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  live.add(child);
  const inbox = [];
  const waiters = [];
  let exitInfo;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      for (const waiter of waiters.splice(0)) waiter.fail(new Error(`${script.split('/').pop()} exited (${exitInfo})`));
      resolve();
    });
  });
  child.on('error', () => {});
  child.on('message', (message) => {
    const index = waiters.findIndex((w) => w.type === message.type || message.type === 'error');
    if (index === -1) return inbox.push(message);
    const [waiter] = waiters.splice(index, 1);
    if (message.type === 'error') waiter.fail(new Error(`${script.split('/').pop()}: ${message.message}`));
    else waiter.done(message);
  });

  const next = (type, timeoutMs) => {
    const queued = inbox.findIndex((m) => m.type === type || m.type === 'error');
    if (queued !== -1) {
      const [message] = inbox.splice(queued, 1);
      if (message.type === 'error') return Promise.reject(new Error(`${script.split('/').pop()}: ${message.message}`));
      return Promise.resolve(message);
    }
    if (exitInfo) return Promise.reject(new Error(`${script.split('/').pop()} exited (${exitInfo})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${script.split('/').pop()}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        type,
        done: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        fail: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      waiters.push(waiter);
    });
  };

  return {
    child,
    next,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    /** Asks the child to close its sockets and exit; kills it if it has not within `ms`. */
    stop: async (ms = 5000) => {
      if (!exitInfo && child.connected) child.send({ type: 'close' });
      const killer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Kills every child still running (on a crash or Ctrl-C). Synchronous, so it can run on 'exit'. */
export function killAllChildren() {
  for (const child of live) child.kill('SIGKILL');
}
