/**
 * The result is written twice: as TypeScript types and as the JSON Schema a CI job validates
 * against. This test walks both with the TypeScript compiler and fails on any difference of
 * shape: a field on one side only, optional on one side and required on the other, another
 * kind of value, another set of literals.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Schema = Record<string, unknown>;

/** Stands for a schema referred to by its $id that a test of its own checks. */
const CHECKED_APART: Schema = {};

/** A TypeScript program over `files`, with the type checker. */
function checkerFor(files: string[]): { checker: ts.TypeChecker; program: ts.Program } {
  const program = ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: false,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    skipLibCheck: true,
  });
  return { checker: program.getTypeChecker(), program };
}

/** The exported type `name` of `file`. */
function exportedType(file: string, name: string): { type: ts.Type; checker: ts.TypeChecker } {
  const { checker, program } = checkerFor([file]);
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`no source file ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  if (!symbol) throw new Error(`${file} exports no ${name}`);
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return { type: checker.getDeclaredTypeOfSymbol(target), checker };
}

/** Compares a TypeScript type with a JSON Schema node; returns every difference, by path. */
function driftBetween(
  type: ts.Type,
  schema: Schema,
  root: Schema,
  checker: ts.TypeChecker,
  /** Schemas referred to by their $id and checked on their own: not walked again here. */
  checkedApart: readonly string[] = [],
): string[] {
  const issues: string[] = [];
  const deref = (node: Schema): Schema => {
    let current = node;
    while (typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (checkedApart.includes(ref)) return CHECKED_APART;
      if (!ref.startsWith('#/')) throw new Error(`cannot follow ${ref}`);
      current = ref
        .slice(2)
        .split('/')
        .reduce<Schema>((at, key) => at[key] as Schema, root);
    }
    return current;
  };
  const kindsOf = (node: Schema): Set<string> => {
    const n = deref(node);
    if (Array.isArray(n.oneOf) || Array.isArray(n.anyOf)) {
      return new Set(((n.oneOf ?? n.anyOf) as Schema[]).flatMap((part) => [...kindsOf(part)]));
    }
    if (n.const !== undefined) return new Set([`literal:${JSON.stringify(n.const)}`]);
    if (Array.isArray(n.enum)) return new Set(n.enum.map((v) => `literal:${JSON.stringify(v)}`));
    const types = Array.isArray(n.type) ? (n.type as string[]) : typeof n.type === 'string' ? [n.type] : [];
    return new Set(types.map((t) => (t === 'integer' ? 'number' : t)));
  };
  const branch = (node: Schema, kind: string): Schema => {
    const n = deref(node);
    const parts = (n.oneOf ?? n.anyOf) as Schema[] | undefined;
    if (!parts) return n;
    return deref(parts.find((part) => kindsOf(part).has(kind)) ?? n);
  };

  const visit = (t: ts.Type, node: Schema, path: string, depth: number): void => {
    if (depth > 12 || deref(node) === CHECKED_APART) return;
    const parts = t.isUnion() ? t.types : [t];
    const members = parts.filter((p) => !(p.flags & ts.TypeFlags.Undefined));
    const kinds = new Set<string>();
    const objects: ts.Type[] = [];
    for (const p of members) {
      if (p.flags & ts.TypeFlags.Null) kinds.add('null');
      else if (p.isStringLiteral() || p.isNumberLiteral()) kinds.add(`literal:${JSON.stringify(p.value)}`);
      else if (p.flags & ts.TypeFlags.BooleanLiteral) kinds.add('boolean');
      else if (p.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) kinds.add('string');
      else if (p.flags & ts.TypeFlags.Number) kinds.add('number');
      else if (p.flags & ts.TypeFlags.Boolean) kinds.add('boolean');
      else if (checker.isArrayType(p) || checker.isTupleType(p)) kinds.add('array');
      else if (p.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
        kinds.add('object');
        objects.push(p);
      } else kinds.add(`unknown:${checker.typeToString(p)}`);
    }
    const schemaKinds = kindsOf(node);
    // A schema of plain strings (a pattern, a format) takes a union of string literals as strings.
    const literalsAsStrings = schemaKinds.has('string') && [...kinds].every((k) => !k.startsWith('literal:"'));
    const tsKinds = new Set(
      [...kinds].map((k) =>
        k.startsWith('literal:"') && schemaKinds.has('string') && !literalsAsStrings ? 'string' : k,
      ),
    );
    const allLiteralsInSchema = [...schemaKinds].every((k) => k.startsWith('literal:'));
    const numberLiteralsAsNumber = schemaKinds.has('number');
    const normalised = new Set(
      [...tsKinds].map((k) =>
        k.startsWith('literal:') && !k.startsWith('literal:"') && numberLiteralsAsNumber ? 'number' : k,
      ),
    );
    const a = [...normalised].sort().join('|');
    const b = [...schemaKinds].sort().join('|');
    if (a !== b && !(allLiteralsInSchema && schemaKinds.size === 0)) {
      issues.push(`${path}: the type is ${a}, the schema ${b || JSON.stringify(deref(node)).slice(0, 80)}`);
      return;
    }
    for (const p of members) {
      if (checker.isArrayType(p)) {
        const element = checker.getTypeArguments(p as ts.TypeReference)[0];
        const items = branch(node, 'array').items as Schema | undefined;
        if (element && items) visit(element, items, `${path}[]`, depth + 1);
        else issues.push(`${path}: an array without items in the schema`);
      }
    }
    for (const o of objects) {
      if (checker.isArrayType(o) || checker.isTupleType(o)) continue;
      const n = branch(node, 'object');
      const properties = (n.properties ?? {}) as Record<string, Schema>;
      const required = new Set((n.required ?? []) as string[]);
      const index = checker.getIndexInfosOfType(o)[0];
      const props = checker.getPropertiesOfType(o);
      if (index && props.length === 0) {
        if (typeof n.additionalProperties !== 'object') {
          issues.push(`${path}: a record in the type, no additionalProperties schema`);
        } else visit(index.type, n.additionalProperties as Schema, `${path}.*`, depth + 1);
        continue;
      }
      if (n.additionalProperties !== false && typeof n.additionalProperties !== 'object' && !index) {
        issues.push(`${path}: the schema lets any field through (additionalProperties is not false)`);
      }
      for (const prop of props) {
        const name = prop.getName();
        const where = `${path}.${name}`;
        if (!properties[name]) {
          issues.push(`${where}: in the type, not in the schema`);
          continue;
        }
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        if (optional === required.has(name)) {
          issues.push(`${where}: ${optional ? 'optional' : 'required'} in the type, not in the schema`);
        }
        visit(checker.getTypeOfSymbol(prop), properties[name], where, depth + 1);
      }
      for (const name of Object.keys(properties)) {
        if (!o.getProperty(name)) issues.push(`${path}.${name}: in the schema, not in the type`);
      }
    }
  };
  visit(type, schema, '$', 0);
  return issues;
}

/** Fields only the schema has, and why. */
const SCHEMA_ONLY: Record<string, string> = {
  '$.options.customHeaders: in the schema, not in the type':
    'written by 0.1.0 only; read from old files, never written',
};

const schemaAt = (file: string): Schema => JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')) as Schema;

describe('the result schema and the result type', () => {
  it('describe the same shape: every field, its optionality and its kind', () => {
    const { type, checker } = exportedType(resolve(ROOT, 'src/shared/result-types.ts'), 'ComparisonResult');
    const schema = schemaAt('schema/result.schema.json');
    expect(driftBetween(type, schema, schema, checker).filter((issue) => !SCHEMA_ONLY[issue])).toEqual([]);
  });

  it('and the sweep schema and the sweep type describe the same shape', () => {
    const { type, checker } = exportedType(resolve(ROOT, 'src/shared/sweep-types.ts'), 'SweepResult');
    const schema = schemaAt('schema/sweep.schema.json');
    const result = schemaAt('schema/result.schema.json');
    // A point's result is the result schema, checked on its own above.
    expect(driftBetween(type, schema, schema, checker, [result.$id as string])).toEqual([]);
  });

  it('finds a drift when there is one', () => {
    const { type, checker } = exportedType(resolve(ROOT, 'src/shared/result-types.ts'), 'ComparisonResult');
    const schema = schemaAt('schema/result.schema.json');
    const properties = schema.properties as Record<string, Schema>;
    const environment = properties.environment as Schema;
    const drifted: Schema = {
      ...schema,
      properties: {
        ...properties,
        startedAt: { type: 'number' },
        environment: {
          ...environment,
          properties: { ...(environment.properties as Schema), extra: { type: 'string' } },
        },
      },
      required: (schema.required as string[]).filter((name) => name !== 'options'),
    };
    const issues = driftBetween(type, drifted, drifted, checker);
    expect(issues).toContain('$.startedAt: the type is string, the schema number');
    expect(issues).toContain('$.environment.extra: in the schema, not in the type');
    expect(issues).toContain('$.options: required in the type, not in the schema');
  });
});
