/**
 * The outbox/inbox models are written once (events.prisma): every subgraph with events (a
 * src/events folder: what it publishes and consumes) brings them into its multi-file Prisma schema
 * through a symlink to that file, and no schema file of a subgraph declares them again.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { readCatalog } from '../catalog.ts';
import { prismaSchemaFiles } from '../db/schema-engine.ts';

const canonical = realpathSync(join(import.meta.dirname, 'events.prisma'));
const subgraphs = readCatalog();
const withEvents = subgraphs.filter((entry) => existsSync(join(entry.root, 'src', 'events')));

it('finds the subgraphs that publish or consume events', () => {
  expect(withEvents.length).toBeGreaterThan(0);
});

it.each(withEvents.map((entry) => [entry.name, entry.root] as const))(
  '%s links the platform event models instead of copying them',
  (_name, root) => {
    const link = join(root, 'prisma', 'events.prisma');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(canonical);
  },
);

it.each(subgraphs.map((entry) => [entry.name, entry.root] as const))(
  '%s declares the event models nowhere else',
  (_name, root) => {
    const declaring = prismaSchemaFiles(join(root, 'prisma'))
      .filter((file) => /^model (OutboxEvent|ProcessedEvent) /m.test(file.content))
      .map((file) => file.path);
    expect(declaring.filter((path) => path !== 'events.prisma')).toEqual([]);
  },
);
