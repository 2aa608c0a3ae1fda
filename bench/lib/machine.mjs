// What the bench runs on: printed first, because a figure means little without its machine.
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

/** This process's soft limit on open files (children inherit it); undefined where /proc is missing. */
export function openFileLimit() {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return undefined;
    return match[1] === 'unlimited' ? Infinity : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** CPU model, cores, memory, Node, OS and the open-file limit. */
export function describeMachine() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemoryBytes: totalmem(),
    node: process.version,
    os: `${process.platform} ${release()} ${process.arch}`,
    openFileLimit: openFileLimit() ?? null,
  };
}
