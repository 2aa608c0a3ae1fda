import { describe, expect, it } from 'vitest';
import { exposureOf, isLoopbackHost } from '../../src/shared/exposure.js';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '128.0.0.1', '::2'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('exposureOf', () => {
  it('needs no token and warns of nothing on loopback, unless a token is given', () => {
    expect(exposureOf('127.0.0.1')).toEqual({});
    expect(exposureOf('::1', 'my-token-1')).toEqual({ token: 'my-token-1' });
  });

  it('makes up a token and warns off loopback; a given token wins', () => {
    const a = exposureOf('0.0.0.0');
    const b = exposureOf('0.0.0.0');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.warning).toMatch(/0\.0\.0\.0 can be reached from other machines/);
    expect(exposureOf('0.0.0.0', 'chosen-token').token).toBe('chosen-token');
  });
});
