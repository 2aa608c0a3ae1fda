import type { Dispatcher } from 'undici';
import { faultError, httpFault } from '../shared/faults.js';

/** A polling answer read whole: its status, its header lines as undici gives them (name, value, …), its body as text. */
export interface TextAnswer {
  statusCode: number;
  rawHeaders: Buffer[];
  text: string;
}

/**
 * One request whose answer is read whole, through undici's dispatch handler: no body stream, no
 * async iterator and no header object per answer, which is most of what a poll costs the client
 * beyond its bytes. The body is kept up to `maxBytes`; past it the request is aborted with
 * RESPONSE_TOO_LARGE. A status other than 2xx rejects with HTTP_<status> once its body has been
 * read (the connection stays usable). `signal` abandons the request in flight (a held long poll).
 */
export function requestText(
  http: Dispatcher,
  options: Dispatcher.DispatchOptions,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<TextAnswer> {
  return new Promise((resolve, reject) => {
    let abort: ((reason?: Error) => void) | undefined;
    let statusCode = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const onAbort = (): void => abort?.(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      if (statusCode < 200 || statusCode > 299)
        return reject(faultError(httpFault(statusCode), `status ${statusCode}`));
      resolve({ statusCode, rawHeaders, text: Buffer.concat(chunks, bytes).toString('utf8') });
    };
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onConnect: (abortRequest) => {
        abort = abortRequest;
      },
      onHeaders: (status, headers) => {
        statusCode = status;
        rawHeaders = headers as Buffer[];
        return true;
      },
      onData: (chunk) => {
        // A refusal's body is read and dropped: only a 2xx answer's is kept.
        if (statusCode < 200 || statusCode > 299) return true;
        bytes += chunk.length;
        if (bytes > maxBytes) {
          abort?.(faultError('RESPONSE_TOO_LARGE', `a polling answer over ${maxBytes} bytes`));
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete: () => settle(undefined),
      onError: (error) => settle(error),
    };
    http.dispatch(options, handler);
  });
}

/** True when `rawHeaders` (name, value, name, value, …) has a header named `lowerName` (lower case). */
export function hasHeader(rawHeaders: readonly Buffer[], lowerName: string): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === lowerName.length && name.toString('latin1').toLowerCase() === lowerName) return true;
  }
  return false;
}
