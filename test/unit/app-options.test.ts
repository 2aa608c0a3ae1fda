import { describe, expect, it } from 'vitest';
import { parseAppOptions } from '../../src/commands/app-options.js';
import { UsageError } from '../../src/shared/errors.js';

/** The one line `parseAppOptions(raw)` refuses with. */
function refusal(raw: Parameters<typeof parseAppOptions>[0]): string {
  try {
    parseAppOptions(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const publish = 'POST http://127.0.0.1:3000/api/messages';

describe('parseAppOptions', () => {
  it('reads the README line as written', () => {
    const app = parseAppOptions({
      publish,
      publishBody: '{"text":"{{marker}}"}',
      publishHeader: ['Content-Type: application/json', 'Authorization: Bearer s3cret-value'],
      receive: [
        'sse http://127.0.0.1:3000/api/stream',
        'poll http://127.0.0.1:3000/api/messages?limit=50',
        'ws ws://127.0.0.1:3000/live',
        'socketio http://127.0.0.1:3001#chat message',
      ],
      receiveSend: '{"type":"subscribe"}',
    })!;
    expect(app.publish).toEqual({ how: 'http', method: 'POST', url: 'http://127.0.0.1:3000/api/messages' });
    expect(app.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer s3cret-value' });
    expect(app.receivers.map((r) => r.transport)).toEqual(['sse', 'poll', 'ws', 'socketio']);
    expect(app.receivers[1]!.url).toBe('http://127.0.0.1:3000/api/messages?limit=50');
    expect(app.receivers[2]!.send).toBe('{"type":"subscribe"}');
    expect(app.receivers[3]).toEqual({ transport: 'socketio', url: 'http://127.0.0.1:3001/', event: 'chat message' });
    expect(
      parseAppOptions({ publish: 'socketio http://h:1#chat message', receive: ['poll http://h:1/x'] })?.publish,
    ).toEqual({ how: 'socketio', url: 'http://h:1/', event: 'chat message' });
    expect(parseAppOptions({ receive: [] })).toBeUndefined();
  });

  it('refuses each misuse in one line naming the option', () => {
    expect(refusal({ receive: ['sse http://h/s'] })).toMatch(/^--receive: needs --publish/);
    expect(refusal({ publish })).toMatch(/^--publish: needs at least one --receive/);
    expect(refusal({ publish, receive: ['stream http://h/s'] })).toMatch(/^--receive: 'stream' is not a kind/);
    expect(refusal({ publish, receive: ['sse'] })).toMatch(/^--receive: 'sse' is not accepted/);
    expect(refusal({ publish, receive: ['ws http://h/live'] })).toMatch(
      /^--receive: 'ws http:\/\/h\/live' has the scheme http:/,
    );
    expect(refusal({ publish, receive: ['sse http://h/a', 'sse http://h/b'] })).toMatch(/sse is given twice/);
    expect(refusal({ publish, publishBody: '{"text":"hi"}', receive: ['sse http://h/s'] })).toMatch(
      /^--publish-body: has no \{\{marker\}\}/,
    );
    expect(refusal({ publish: 'http://h/api', receive: ['sse http://h/s'] })).toMatch(/^--publish: 'http:\/\/h\/api'/);
    expect(refusal({ publish, receive: ['sse http://h/s'], receiveSend: 'hi' })).toMatch(/^--receive-send: .*ws/);
    expect(refusal({ publishBody: '{{marker}}' })).toMatch(/^--publish-body: needs --publish/);
  });

  it('never echoes a header value or a credential', () => {
    const header = refusal({ publish, publishHeader: ['Bearer s3cret-value'], receive: ['sse http://h/s'] });
    expect(header).toMatch(/^--publish-header: header 1 \(not shown/);
    expect(header).not.toContain('s3cret');
    const credential = refusal({ publish: 'POST http://alice:s3cret@h/api', receive: ['sse http://h/s'] });
    expect(credential).toMatch(/^--publish: .*user name or password/);
    expect(credential).not.toContain('s3cret');
    const ws = refusal({
      publish: 'ws ws://h/live',
      publishHeader: ['X-Key: s3cret-value'],
      receive: ['sse http://h/s'],
    });
    expect(ws).toMatch(/^--publish-header: is sent with an HTTP publish/);
    expect(ws).not.toContain('s3cret');
  });
});
