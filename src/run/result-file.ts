import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { UsageError } from '../shared/errors.js';
import { readRegularFile } from '../shared/read-file.js';
import type { ComparisonResult } from '../shared/result-types.js';

const require = createRequire(import.meta.url);

/** Where the shipped JSON Schema of the result lives (package root, beside dist/). */
export const SCHEMA_PATH = require.resolve('../../schema/result.schema.json');

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Problems that keep `value` from being a valid result, as `path: message` lines; empty when valid. */
export function validateResult(value: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'is invalid'}`);
}

/** Largest result file read (a result is tens of kilobytes). */
export const MAX_RESULT_FILE_BYTES = 32 * 1024 * 1024;

/** Reads a saved result for `option` (e.g. --baseline); any problem is a UsageError naming it. */
export function loadResultFile(path: string, option: string): ComparisonResult {
  const text = readRegularFile(
    option,
    path,
    MAX_RESULT_FILE_BYTES,
    'give the path of a result saved with --format json',
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${option}: '${path}' is not JSON; give a result saved with --format json`);
  }
  const problems = validateResult(value);
  if (problems.length > 0) {
    throw new UsageError(`${option}: '${path}' is not a poll-vs-push result (${problems.slice(0, 3).join('; ')})`);
  }
  const result = value as ComparisonResult & { options: { customHeaders?: unknown } };
  // Results from 0.1.0 kept header values; they are dropped on the way in, so no report repeats them.
  delete result.options.customHeaders;
  return result;
}
