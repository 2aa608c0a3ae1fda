import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** What each layer of DESIGN.md's table may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  server: ['shared'],
  clients: ['shared'],
  metrics: ['shared'],
  model: ['shared'],
  checks: ['shared'],
  report: ['shared', 'model'],
  run: ['server', 'clients', 'metrics', 'model', 'checks', 'shared'],
  live: ['run', 'report', 'shared'],
  commands: ['server', 'clients', 'metrics', 'model', 'checks', 'run', 'report', 'live', 'shared'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module a file imports, `import type`, re-exports and dynamic imports included. */
function relativeImports(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = relativeImports(readFileSync(file, 'utf8')).map((specifier) =>
      relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const layerOf = (file: string): string => (file.includes('/') ? file.split('/')[0]! : file);

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads every file and its imports', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli.ts')).toContain('commands/compare.ts');
    expect(
      relativeImports("import type { A } from './a.js';\nexport { b } from '../b.js';\nawait import('./c.js');"),
    ).toEqual(['./a.js', '../b.js', './c.js']);
  });

  it('has no import cycle, import type included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps each layer to what DESIGN.md lets it import', () => {
    const breaks: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      if (from === 'cli.ts') continue;
      for (const target of targets) {
        const to = layerOf(target);
        if (to === from) continue;
        if (to === 'cli.ts' || !(ALLOWED[from] ?? []).includes(to)) breaks.push(`${file} → ${target}`);
      }
    }
    expect(breaks).toEqual([]);
  });
});
