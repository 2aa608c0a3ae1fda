import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/shared/errors.js';
import { readRegularFile } from '../../src/shared/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'pvp-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string, max = 1024): string => readRegularFile('--thing', path, max, 'give a small file');

describe('readRegularFile', () => {
  it('reads a regular file within the bound', () => {
    const path = join(dir, 'ok.txt');
    writeFileSync(path, 'héllo');
    expect(read(path)).toBe('héllo');
  });

  it('refuses a file over the bound, naming the option and the limit', () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'x'.repeat(1025));
    expect(() => read(path)).toThrow(UsageError);
    expect(() => read(path)).toThrow(`--thing: '${path}' is larger than 1kb; give a small file`);
  });

  it('refuses a device that never ends, without reading it', () => {
    expect(() => read('/dev/zero')).toThrow("--thing: '/dev/zero' is not a regular file; give a small file");
  });

  it('refuses a folder and a missing file', () => {
    expect(() => read(dir)).toThrow(`--thing: '${dir}' is not a regular file`);
    expect(() => read(join(dir, 'missing'))).toThrow(
      /^--thing: cannot read '.*missing' \(ENOENT\); give a small file$/,
    );
  });

  it('refuses a FIFO with no writer at once instead of hanging on it', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => read(fifo)).toThrow(`--thing: '${fifo}' is not a regular file`);
  });
});
