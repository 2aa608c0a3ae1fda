import type { Dispatcher } from 'undici';
import { faultError, httpFault } from '../shared/faults.js';

/** A polling answer read whole (a 2xx): its header lines as undici gives them (name, value, …), its body as text. */
export interface TextAnswer {
  rawHeaders: Buffer[];
  text: string;
}

const reasonOf = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : new Error('aborted');

/** Called once a request settles: an error, or the answer's body as text and its raw header lines. */
export type TextDone = (error: Error | undefined, text: string, rawHeaders: Buffer[]) => void;

const NO_LINES: Buffer[] = [];

/**
 * Requests whose answers are read whole, through undici's dispatch handler: no body stream, no
 * async iterator and no header object per answer, which is most of what a poll costs the client
 * beyond its bytes. One request at a time (a poller's), so one handler serves them all. The body
 * is kept up to `maxBytes`; past it the request is aborted with RESPONSE_TOO_LARGE. A status
 * other than 2xx fails with HTTP_<status> once its body has been read (the connection stays
 * usable). `signal` abandons the request in flight (a held long poll).
 */
export class TextRequests implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason?: Error) => void) | undefined;
  private statusCode = 0;
  private rawHeaders: Buffer[] = NO_LINES;
  /** The body's first chunk, and any after it (most answers come in one). */
  private first: Buffer | undefined;
  private rest: Buffer[] | undefined;
  private bytes = 0;
  private maxBytes = 0;
  private signal: AbortSignal | undefined;
  private done: TextDone | undefined;
  private readonly onAbort = (): void => this.abortRequest?.(reasonOf(this.signal));

  constructor(private readonly http: Dispatcher) {}

  /**
   * Sends one request and calls `done` when it settles, with no promise in between: a poller's
   * loop runs on these callbacks. `options` is read before this returns, so a caller may reuse it.
   */
  send(options: Dispatcher.DispatchOptions, maxBytes: number, done: TextDone, signal?: AbortSignal): void {
    // A second request while one is in flight gets a handler of its own.
    if (this.done) {
      new TextRequests(this.http).send(options, maxBytes, done, signal);
      return;
    }
    if (signal?.aborted) {
      done(reasonOf(signal), '', NO_LINES);
      return;
    }
    this.abortRequest = undefined;
    this.statusCode = 0;
    this.rawHeaders = NO_LINES;
    this.first = undefined;
    this.rest = undefined;
    this.bytes = 0;
    this.maxBytes = maxBytes;
    this.signal = signal;
    this.done = done;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.http.dispatch(options, this);
  }

  /** `send` as a promise: the answer's header lines and body text. */
  get(options: Dispatcher.DispatchOptions, maxBytes: number, signal?: AbortSignal): Promise<TextAnswer> {
    return new Promise((resolve, reject) =>
      this.send(
        options,
        maxBytes,
        (error, text, rawHeaders) => (error ? reject(error) : resolve({ rawHeaders, text })),
        signal,
      ),
    );
  }

  private settle(error: Error | undefined): void {
    const done = this.done;
    if (!done) return;
    this.done = undefined;
    this.signal?.removeEventListener('abort', this.onAbort);
    const { statusCode, first, rest, bytes, rawHeaders } = this;
    this.first = undefined;
    this.rest = undefined;
    if (error) done(error, '', NO_LINES);
    else if (statusCode < 200 || statusCode > 299)
      done(faultError(httpFault(statusCode), `status ${statusCode}`), '', NO_LINES);
    else done(undefined, textOf(first, rest, bytes), rawHeaders);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort;
    // Abandoned before undici handed it a connection: it goes no further.
    if (this.signal?.aborted) abort(reasonOf(this.signal));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.statusCode = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    // A refusal's body is read and dropped: only a 2xx answer's is kept.
    if (this.statusCode < 200 || this.statusCode > 299) return true;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.abortRequest?.(faultError('RESPONSE_TOO_LARGE', `a polling answer over ${this.maxBytes} bytes`));
      return false;
    }
    if (!this.first) this.first = chunk;
    else if (this.rest) this.rest.push(chunk);
    else this.rest = [chunk];
    return true;
  }

  onComplete(): void {
    this.settle(undefined);
  }

  onError(error: Error): void {
    this.settle(error);
  }
}

/** The protocol's empty answer, by far the commonest poll answer: no decoding for it. */
const EMPTY_ARRAY = Buffer.from('[]');

/** A body read in `first` and `rest` (`bytes` in all) as UTF-8 text. */
function textOf(first: Buffer | undefined, rest: Buffer[] | undefined, bytes: number): string {
  if (!first) return '';
  if (rest) return Buffer.concat([first, ...rest], bytes).toString('utf8');
  return first.equals(EMPTY_ARRAY) ? '[]' : first.toString('utf8');
}

/** True when `rawHeaders` (name, value, name, value, …) has a header named `lowerName` (lower case). */
export function hasHeader(rawHeaders: readonly Buffer[], lowerName: string): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === lowerName.length && name.toString('latin1').toLowerCase() === lowerName) return true;
  }
  return false;
}
