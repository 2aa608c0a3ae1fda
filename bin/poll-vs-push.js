#!/usr/bin/env node
import { main } from '../dist/cli.js';

// A reader that stops early (`poll-vs-push compare | head`) is not an error worth a stack.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
