/** Every subgraph that uses events carries the platform's outbox and inbox models unchanged. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readCatalog } from '../catalog.ts';
import { eventCatalog } from './catalog.ts';

const canonical = readFileSync(join(import.meta.dirname, 'events.prisma'), 'utf8').trim();
const publishers = new Set<string>(Object.values(eventCatalog).map((definition) => definition.owner));

it.each(readCatalog().map((entry) => [entry.name, entry.root] as const))(
  '%s carries the platform event models as they are',
  (name, root) => {
    const schema = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
    const usesEvents = schema.includes('model OutboxEvent') || publishers.has(name);
    if (usesEvents) expect(schema).toContain(canonical);
  },
);
