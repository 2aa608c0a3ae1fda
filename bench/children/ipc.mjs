// The child side of bench/lib/children.mjs: options from argv, messages to and from the bench.

/** The options the bench passed as the one JSON argument. */
export const options = JSON.parse(process.argv[2] ?? '{}');

/** Sends a message to the bench process. */
export function send(message) {
  if (process.connected) process.send(message);
}

/**
 * Routes the bench's messages by `type` to `handlers`; a handler's rejection is reported as an
 * `error` message. `close` runs `handlers.close` and exits; losing the bench does the same.
 */
export function serve(handlers) {
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      await handlers.close?.();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message) => {
    if (message.type === 'close') return void close();
    const handler = handlers[message.type];
    if (!handler) return send({ type: 'error', message: `unknown message ${message.type}` });
    Promise.resolve()
      .then(() => handler(message))
      .catch((error) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
  });
  process.on('disconnect', () => void close());
}

/** Sends a last message, then exits once it is on its way. */
export function sendAndExit(message) {
  if (process.connected) process.send(message, () => process.exit(0));
  else process.exit(0);
}

/** Reports a setup failure and exits. */
export function fail(error) {
  const message = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  if (process.connected) process.send(message, () => process.exit(1));
  else process.exit(1);
}
