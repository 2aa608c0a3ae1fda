import { describe, expect, it } from 'vitest';
import { checkTargetTransports } from '../../src/run/target-probes.js';
import { parseTarget } from '../../src/run/target-url.js';
import { UsageError } from '../../src/shared/errors.js';

describe('parseTarget', () => {
  it('reads a protocol server and a chat server', () => {
    expect(parseTarget('http://127.0.0.1:8000')).toEqual({ url: 'http://127.0.0.1:8000', kind: 'protocol' });
    expect(parseTarget('http://127.0.0.1:8000/base/')).toEqual({ url: 'http://127.0.0.1:8000/base', kind: 'protocol' });
    expect(parseTarget('ws://[::1]:8765/chat')).toEqual({ url: 'ws://[::1]:8765/chat', kind: 'chat' });
  });

  it('reads TLS targets the same way: https:// speaks the protocol, wss:// is a chat', () => {
    expect(parseTarget('https://example.test/base/')).toEqual({ url: 'https://example.test/base', kind: 'protocol' });
    expect(parseTarget('wss://127.0.0.1:8443/chat')).toEqual({ url: 'wss://127.0.0.1:8443/chat', kind: 'chat' });
  });

  it.each([
    ['not a url', "--target: 'not a url' is not a URL"],
    ['ftp://host', "--target: 'ftp://host' has the scheme ftp:"],
  ])('refuses %s with one line naming the option', (text, message) => {
    expect(() => parseTarget(text)).toThrow(UsageError);
    expect(() => parseTarget(text)).toThrow(message);
  });
});

describe('checkTargetTransports', () => {
  it('lets a protocol server run every transport and a chat server only WebSocket', () => {
    expect(() =>
      checkTargetTransports(parseTarget('http://h:1'), ['poll', 'long-poll', 'sse', 'ws', 'socketio']),
    ).not.toThrow();
    expect(() => checkTargetTransports(parseTarget('ws://h:1'), ['ws'])).not.toThrow();
    expect(() => checkTargetTransports(parseTarget('ws://h:1'), ['ws', 'poll'])).toThrow('drop poll');
  });
});

describe('checkTargetTransports with --parallel', () => {
  it('refuses transports that publish different ways at once, and allows one way', () => {
    expect(() => checkTargetTransports(parseTarget('http://h:1'), ['ws', 'socketio'], true)).toThrow(
      '--parallel: with --target',
    );
    expect(() => checkTargetTransports(parseTarget('http://h:1'), ['poll', 'sse', 'ws'], true)).not.toThrow();
  });
});
