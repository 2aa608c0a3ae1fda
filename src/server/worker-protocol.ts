import type { Attribution, RouteStats } from './accounting.js';
import type { DemoServerOptions } from './demo-server.js';
import type { SetupCode } from '../shared/faults.js';
import type { ProcessCost } from '../shared/process-cost.js';
import type { Transport } from '../shared/transports.js';

/** An event as the primary's log numbered and stamped it, for every worker's copy. */
export interface ReplicatedEvent {
  seq: number;
  /** The publish stamp in ns, as a decimal string. */
  t: string;
  json: string;
}

/** What the primary asks a worker of the demo server. */
export type WorkerRequest =
  | { id: number; op: 'init'; options: DemoServerOptions }
  | { id: number; op: 'events'; events: ReplicatedEvent[] }
  | { id: number; op: 'reset'; transports?: Transport[] }
  | { id: number; op: 'stats' }
  | { id: number; op: 'close' };

/** What a worker answers. */
export type WorkerMessage =
  /** The worker listens for requests: messages sent before would be lost while its modules load. */
  | { type: 'hello' }
  | { type: 'listening'; host: string; port: number; url: string }
  | { type: 'failed'; code: SetupCode; message: string }
  | {
      type: 'reply';
      id: number;
      result?: { routes: Partial<Record<Attribution, RouteStats>>; cost: ProcessCost; hopMaxMs: number };
    };
