import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, waitFor } from '../helpers.js';

/** One of `examples/apps/`, started as its README says, on a free port. */
export interface ExampleApp {
  url: string;
  stop(): Promise<void>;
}

/** The JWT examples/apps/hub.mjs takes with its default key: it may publish to every topic. */
export const HUB_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.a8cjcSRUAcHdnGNMKifA4BK5epRXxQI0UBp2XpNrBdw';

/** Starts `node examples/apps/NAME.mjs --port 0` and waits for its `ready <port>`. */
export async function startExampleApp(name: 'board' | 'chat' | 'hub'): Promise<ExampleApp> {
  const file = fileURLToPath(new URL(`../../examples/apps/${name}.mjs`, import.meta.url));
  const child = spawn(process.execPath, [file, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await waitFor(() => /ready \d+/.test(out), `examples/apps/${name}.mjs to listen`);
  return {
    url: `http://127.0.0.1:${/ready (\d+)/.exec(out)![1]}`,
    stop: () => stopChild(child),
  };
}
