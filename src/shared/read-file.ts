import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './errors.js';
import { formatSize } from './units.js';

/**
 * Reads a regular file of at most `maxBytes` as UTF-8 for `option`. Anything else (a folder, a
 * device such as /dev/zero, a FIFO, a file too large) is one UsageError naming the option, what
 * it got and `accepted`. The file is opened without blocking, so a FIFO with no writer cannot hang.
 */
export function readRegularFile(option: string, path: string, maxBytes: number, accepted: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(
      `${option}: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); ${accepted}`,
    );
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`${option}: '${path}' is not a regular file; ${accepted}`);
    const tooLarge = (): UsageError =>
      new UsageError(`${option}: '${path}' is larger than ${formatSize(maxBytes)}; ${accepted}`);
    if (stats.size > maxBytes) throw tooLarge();
    // Read to the bound plus one byte: a file that grew since fstat is still refused, never read whole.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= maxBytes; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) throw tooLarge();
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${option}: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); ${accepted}`,
    );
  } finally {
    closeSync(fd);
  }
}
