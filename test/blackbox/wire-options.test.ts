import { describe, expect, it } from 'vitest';
import { expectUsage, run } from './cli-runner.js';

/** --tls, --http2 and --insecure as a user meets them: combinations that cannot work are refused up front. */

describe('wire options that do not go together', () => {
  it("refuses --insecure without a target: the demo server's own certificate is trusted exactly", async () => {
    expectUsage(await run(['compare', '--insecure']), '--insecure:');
  });

  it("refuses --tls with a target: the target URL's scheme says whether it speaks TLS", async () => {
    expectUsage(await run(['compare', '--tls', '--target', 'http://127.0.0.1:1']), '--tls:');
  });

  it('refuses --http2 with a WebSocket chat target, which only speaks its HTTP/1.1 upgrade', async () => {
    expectUsage(
      await run(['compare', '--http2', '--target', 'ws://127.0.0.1:1/chat', '--transports', 'ws']),
      '--http2:',
    );
  });
});

describe('explain --tls --http2', () => {
  it('prints the modern wire: HTTP/2 over TLS and the 22 B a TLS 1.3 record adds to each write', async () => {
    const { code, stdout, stderr } = await run(['explain', '--tls', '--http2', '--headers', 'browser']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^wire: HTTP\/2 over TLS\b/m);
    expect(stdout).toContain('R = 22 B');
  });

  it('prints no such wire without the options', async () => {
    const { code, stdout } = await run(['explain', '--headers', 'browser']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^wire: /m);
    expect(stdout).not.toContain('R = 22 B');
  });
});
