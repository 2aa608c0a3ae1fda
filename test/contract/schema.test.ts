import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadResultFile, SCHEMA_PATH, validateResult } from '../../src/run/result-file.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { UsageError } from '../../src/shared/errors.js';
import { clone } from '../fixtures/index.js';

describe('the shipped JSON Schema', () => {
  it('is the file the package ships', () => {
    expect(SCHEMA_PATH).toMatch(/schema[\\/]result\.schema\.json$/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  it('accepts the fixture, with and without checks and partial flags', () => {
    expect(validateResult(clone())).toEqual([]);
    const withChecks: ComparisonResult = {
      ...clone(),
      partial: true,
      checks: {
        thresholds: [
          {
            expression: 'ws.latency.p99<5ms',
            transport: 'ws',
            metric: 'latency.p99',
            operator: '<',
            limit: 5,
            unit: 'ms',
            measured: 0.9,
            passed: true,
          },
        ],
        baseline: {
          file: 'b.json',
          startedAt: '2026-01-01T00:00:00.000Z',
          notes: [],
          rows: [
            {
              transport: 'ws',
              metric: 'bytes.perEvent',
              unit: 'bytes',
              before: 100,
              after: 100,
              change: 0,
              tolerance: 0.05,
              slack: 0,
              regressed: false,
            },
          ],
        },
      },
    };
    withChecks.transports[0]!.partial = true;
    expect(validateResult(withChecks)).toEqual([]);
  });

  it('rejects a result missing a field, with a wrong type, or with an unknown field', () => {
    const missing = clone() as unknown as { transports: Array<{ bytes: Record<string, unknown> }> };
    delete missing.transports[0]!.bytes.perEvent;
    expect(validateResult(missing)).toContain("/transports/0/bytes: must have required property 'perEvent'");
    const wrong = clone() as unknown as { schemaVersion: number };
    wrong.schemaVersion = 2;
    expect(validateResult(wrong).join('\n')).toContain('/schemaVersion');
    const extra = { ...clone(), surprise: true };
    expect(validateResult(extra).join('\n')).toContain('must NOT have additional properties');
  });

  it('turns an unreadable, non-JSON or foreign file into a usage error naming the option', () => {
    expect(() => loadResultFile('/nonexistent/baseline.json', '--baseline')).toThrow(UsageError);
    expect(() => loadResultFile('/nonexistent/baseline.json', '--baseline')).toThrow(
      "--baseline: cannot read '/nonexistent/baseline.json' (ENOENT); give the path of a result saved with --format json",
    );
    const readme = new URL('../../README.md', import.meta.url).pathname;
    expect(() => loadResultFile(readme, '--baseline')).toThrow(/^--baseline: '.*README\.md' is not JSON/);
    const pkg = new URL('../../package.json', import.meta.url).pathname;
    expect(() => loadResultFile(pkg, '--baseline')).toThrow(
      /^--baseline: '.*package\.json' is not a poll-vs-push result \(/,
    );
  });
});
