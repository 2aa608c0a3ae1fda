import { fork, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PvpError } from '../shared/errors.js';

/**
 * The built entry of a process the run forks (`server/process-main.js`, `run/client-process-main.js`),
 * as a path; under vitest this module runs from src/, so it is looked for in dist/.
 */
export function builtEntry(path: string, what: string): string {
  const beside = fileURLToPath(new URL(`../${path}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const built = beside.replace(/([\\/])src([\\/])/, '$1dist$2');
  if (existsSync(built)) return built;
  throw new PvpError('PVP_ERR_SERVER_START', `${what} entry is missing (${built}); run npm run build`);
}

/**
 * Starts `entry` in a node process of its own with an IPC channel (structured clone, so bigint travels); with
 * `launch` (e.g. `ip netns exec NS`) through that command, which keeps the channel: a process in another network
 * namespace is driven as a forked one is.
 */
export function forkEntry(entry: string, args: readonly string[], launch?: readonly string[]): ChildProcess {
  const stdio: StdioOptions = ['ignore', 'inherit', 'inherit', 'ipc'];
  if (!launch || launch.length === 0) return fork(entry, [...args], { serialization: 'advanced', stdio });
  return spawn(launch[0]!, [...launch.slice(1), process.execPath, ...process.execArgv, entry, ...args], {
    serialization: 'advanced',
    stdio,
  });
}
