/** A subgraph starts only if the published contract says what it declares (schema/events.json not stale). */
import { afterAll, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ServiceMetrics } from '../metrics.ts';
import { createRuntime } from '../runtime.ts';
import { testEnv } from '../testing/test-env.ts';
import { EVENT_NAMES, ownerOf } from './catalog.ts';
import { defineEvents } from './define.ts';
import { subgraphEvents } from './subgraph-events.ts';

const runtime = createRuntime(testEnv());
const metrics = new ServiceMetrics('events-test');
afterAll(() => runtime.close());
const payload = z.object({ id: z.string() });
const start = (subgraph: string, declared: Parameters<typeof subgraphEvents>[4]) =>
  subgraphEvents(subgraph, runtime, runtime.logger, metrics, declared);

it('refuses events the contract does not list, or gives to another owner, or lists at another version', () => {
  expect(() => start('nobody', defineEvents({ THING_HAPPENED: { description: '', payload } }))).toThrow(
    /does not match what nobody declares \(THING_HAPPENED v1\): run `npm run compose`/,
  );
  const [published] = EVENT_NAMES;
  expect(() => start('nobody', defineEvents({ [published!]: { description: '', payload } }))).toThrow(`(${published} v1)`);
  const owner = ownerOf(published!);
  const others = EVENT_NAMES.filter((name) => name !== published && ownerOf(name) === owner);
  expect(() => start(owner, defineEvents({ [published!]: { description: '', versions: { 9: { payload } } } }))).toThrow(
    [`${published} v9`, ...others.map((name) => `${name} (no longer declared)`)].join(', '),
  );
});

it('refuses a contract that still gives the subgraph events it no longer declares', () => {
  const [published] = EVENT_NAMES;
  expect(() => start(ownerOf(published!), {})).toThrow(`${published} (no longer declared)`);
});
