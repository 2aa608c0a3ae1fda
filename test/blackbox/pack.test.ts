import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { validateResult } from '../../src/run/result-file.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pvp-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the package as npx users get it', () => {
  it('packs only what runs, and the tarball alone runs compare --quick', async () => {
    // The build npm test made (pretest): packing runs no script, so no other test file running
    // beside this one finds dist/ gone while prepare rebuilds it.
    const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const paths = packed!.files.map((file) => file.path);
    const topLevel = new Set(paths.map((path) => path.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'package.json', 'schema']);
    // The errors point to the protocol: the tarball carries it, and nothing else of docs/.
    expect(paths.filter((path) => path.startsWith('docs/'))).toEqual(['docs/protocol.md']);
    expect(paths).toContain('bin/poll-vs-push.js');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('dist/server/process-main.js');
    expect(paths).toContain('schema/result.schema.json');

    // An empty project installs the tarball with production dependencies only.
    const app = join(work, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', version: '1.0.0', private: true }));
    await run(
      npm,
      ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed!.filename)],
      { cwd: app },
    );
    expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);

    const bin = join(app, 'node_modules', '.bin', 'poll-vs-push');
    const { stdout: json } = await run(bin, ['compare', '--quick', '--json'], {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    });
    const result: unknown = JSON.parse(json);
    expect(validateResult(result)).toEqual([]);
    expect((result as { transports: unknown[] }).transports).toHaveLength(4);
  }, 180_000);
});
