/**
 * Roles are declared once, by accounts (enum Role in its schema.graphql), which puts them in access
 * tokens. Everything else names them as plain strings: @requiresScopes in the subgraph schemas and
 * hasRole / requireRole / rolePolicy in code. A name missing from the enum would never match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, visit, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { catalogEntry, readCatalog, repoRoot } from '#platform/catalog.ts';

const declared = (() => {
  const document = parse(readFileSync(catalogEntry('accounts').schemaFile, 'utf8'));
  const role = document.definitions.find(
    (definition): definition is EnumTypeDefinitionNode =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'Role',
  );
  return new Set(role?.values?.map((value) => value.name.value) ?? []);
})();

/** Every `@requiresScopes(scopes: [[...]])` value of a schema. */
function scopesOf(schemaFile: string): string[] {
  const scopes: string[] = [];
  visit(parse(readFileSync(schemaFile, 'utf8')), {
    Directive(node) {
      if (node.name.value !== 'requiresScopes') return;
      visit(node, { StringValue: (value) => void scopes.push(value.value) });
    },
  });
  return scopes;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('/generated/') && !file.includes('/node_modules/'));
}

/** Role names passed as literals to the role helpers, with where they are. */
function rolesInCode(): Array<{ role: string; at: string }> {
  const found: Array<{ role: string; at: string }> = [];
  for (const folder of ['platform', 'gateway', 'subgraphs', 'scripts']) {
    for (const file of sourceFiles(join(repoRoot, folder))) {
      for (const call of readFileSync(file, 'utf8').matchAll(/\b(?:hasRole|requireRole|rolePolicy)\(([^)]*)\)/g)) {
        for (const literal of call[1]!.matchAll(/'([^']*)'/g)) found.push({ role: literal[1]!, at: relative(repoRoot, file) });
      }
    }
  }
  return found;
}

describe('role names', () => {
  it('are declared by accounts (enum Role)', () => {
    expect([...declared]).toEqual(expect.arrayContaining(['ADMIN']));
  });

  it.each(readCatalog().map((entry) => [entry.name, entry.schemaFile] as const))(
    '%s: every @requiresScopes scope is a role',
    (_name, schemaFile) => {
      expect(scopesOf(schemaFile).filter((scope) => !declared.has(scope))).toEqual([]);
    },
  );

  it('used in code are roles', () => {
    const used = rolesInCode();
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter(({ role }) => !declared.has(role))).toEqual([]);
  });
});
