// A small server of docs/protocol.md that can be told to misbehave as servers the tool does not
// control do: stall after the preflight or after the first publish, answer without end, send one
// endless line, number its events by timestamp. The tool is pointed at it with --target.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** How the server misbehaves; `none` is a faithful, small protocol server. */
export type Misbehaviour =
  | 'none'
  | 'stall-after-preflight'
  | 'stall-after-first-publish'
  | 'endless-poll-body'
  | 'endless-sse-line'
  | 'timestamp-seqs'
  | 'publish-never-answers';

export interface HostileTarget {
  url: string;
  close(): Promise<void>;
}

interface Event {
  seq: number;
  t: string;
  data: string;
}

/** Starts the server on 127.0.0.1, port 0. */
export async function hostileTarget(misbehaviour: Misbehaviour): Promise<HostileTarget> {
  const events: Event[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const streams = new Set<ServerResponse>();
  let publishes = 0;
  let stalled = false;
  // The preflight ends with its one POST /publish (docs/protocol.md's preflight order).
  const seqOf = (n: number): number => (misbehaviour === 'timestamp-seqs' ? 1_000_000_000 * n : n);
  const after = (since: number): Event[] => events.filter((e) => e.seq > since);
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const endless = (res: ServerResponse, head: string, chunk: string): void => {
    res.write(head);
    const more = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', more);
    };
    more();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (stalled) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const since = Number(url.searchParams.get('since') ?? req.headers['last-event-id'] ?? 0);
    if (req.method === 'POST' && url.pathname === '/publish') {
      if (misbehaviour === 'publish-never-answers') return;
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        publishes += 1;
        if (misbehaviour === 'stall-after-preflight' && publishes === 1) stalled = true;
        if (misbehaviour === 'stall-after-first-publish' && publishes === 2) stalled = true;
        const { t, data } = JSON.parse(body) as { t: string; data: string };
        const event = { seq: seqOf(events.length + 1), t, data };
        events.push(event);
        json(res, 201, { seq: event.seq });
        for (const wake of waiters) wake();
        for (const stream of streams) stream.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
        for (const ws of wss.clients) ws.send(JSON.stringify(event));
      });
      return;
    }
    if (url.pathname === '/health') return json(res, 200, { ok: true, head: events.at(-1)?.seq ?? 0 });
    if (url.pathname === '/poll') {
      if (misbehaviour === 'endless-poll-body' && publishes > 0) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return endless(res, '[', `"${'x'.repeat(64 * 1024)}",`);
      }
      return json(res, 200, after(since));
    }
    if (url.pathname === '/long-poll') {
      const answer = (): void => {
        waiters.delete(answer);
        if (!res.writableEnded) json(res, 200, after(since));
      };
      if (after(since).length > 0) return answer();
      waiters.add(answer);
      setTimeout(answer, Number(url.searchParams.get('timeout') ?? 30_000)).unref();
      return;
    }
    if (url.pathname === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      if (misbehaviour === 'endless-sse-line' && publishes > 0) return endless(res, 'data: ', 'y'.repeat(64 * 1024));
      for (const e of after(since)) res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
      streams.add(res);
      res.once('close', () => streams.delete(res));
      return;
    }
    json(res, 404, { error: 'not found' });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (stalled) return;
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const since = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('since') ?? 0);
      for (const e of after(since)) ws.send(JSON.stringify(e));
      ws.on('error', () => {});
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const ws of wss.clients) ws.terminate();
      server.close();
    },
  };
}
