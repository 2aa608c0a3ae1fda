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
