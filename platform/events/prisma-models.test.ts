/** Every subgraph that publishes or consumes events carries the platform's outbox and inbox models unchanged. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { readCatalog } from '../catalog.ts';
import { eventCatalog } from './catalog.ts';

const canonical = readFileSync(join(import.meta.dirname, 'events.prisma'), 'utf8').trim();
const publishers = new Set<string>(Object.values(eventCatalog).map((definition) => definition.owner));
const schemas = readCatalog().map((entry) => ({
  name: entry.name,
  schema: readFileSync(join(entry.root, 'prisma', 'schema.prisma'), 'utf8'),
}));
const usingEvents = schemas.filter(({ name, schema }) => publishers.has(name) || schema.includes('model OutboxEvent'));

it('covers every subgraph that publishes a catalog event', () => {
  expect(usingEvents.map(({ name }) => name)).toEqual(expect.arrayContaining([...publishers]));
});

it.each(usingEvents.map(({ name, schema }) => [name, schema] as const))(
  '%s carries the platform event models as they are',
  (_name, schema) => {
    expect(schema).toContain(canonical);
  },
);
