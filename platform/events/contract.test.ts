/** The contract built from declarations, rendered, read back and applied to received payloads. */
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { buildContract, renderContract } from './contract-build.ts';
import { ContractReader, type EventContract } from './contract.ts';
import { defineEvents } from './define.ts';

const owned = defineEvents({
  THING_CHANGED: {
    description: 'A thing changed.',
    versions: {
      1: { payload: z.object({ id: z.string().min(1), title: z.string() }) },
      2: {
        payload: z.object({
          id: z.string().min(1),
          name: z.string(),
          level: z.enum(['LOW', 'HIGH']).nullable(),
          tags: z.array(z.string()),
          count: z.number().int().min(0),
          'odd-key': z.boolean().optional(),
        }),
        upgrade: { rename: { title: 'name' }, add: { level: null, tags: [], count: 0 } },
      },
    },
  },
});
const contract = buildContract([{ owner: 'things', events: owned }]);
// What consumers use: the contract as it reads back from the committed JSON.
const reader = new ContractReader(JSON.parse(JSON.stringify(contract)) as EventContract);

describe('the event contract', () => {
  it('lists each event with its owner, current version and every version with its upgrade', () => {
    const event = contract.events.THING_CHANGED!;
    expect(event).toMatchObject({ owner: 'things', description: 'A thing changed.', version: 2 });
    expect(Object.keys(event.versions)).toEqual(['1', '2']);
    expect(event.versions['2']!.upgrade).toEqual({ rename: { title: 'name' }, add: { level: null, tags: [], count: 0 } });
    expect(event.versions['1']!.payload).toMatchObject({ type: 'object', required: ['id', 'title'] });
  });

  it('refuses an event declared by two subgraphs', () => {
    expect(() =>
      buildContract([
        { owner: 'things', events: owned },
        { owner: 'others', events: owned },
      ]),
    ).toThrow(/declared by both things and others/);
  });

  it('upgrades a payload of the previous version to the current shape', () => {
    expect(reader.receive('THING_CHANGED', 1, { id: 'a', title: 'Old' })).toEqual({
      ok: true,
      version: 2,
      upgradedFrom: 1,
      payload: { id: 'a', name: 'Old', level: null, tags: [], count: 0 },
    });
    const current = { id: 'b', name: 'New', level: 'HIGH', tags: ['x'], count: 3 };
    expect(reader.receive('THING_CHANGED', 2, current)).toEqual({ ok: true, version: 2, payload: current });
  });

  it('rejects unknown events and versions, and payloads that break their version schema', () => {
    expect(reader.receive('NOTHING', 1, {})).toEqual({ ok: false, reason: 'unknown event NOTHING' });
    expect(reader.receive('THING_CHANGED', 3, {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/version 3 is not supported \(supported: 1, 2\)/),
    });
    expect(reader.receive('THING_CHANGED', 1, { id: '', title: 'x' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/invalid THING_CHANGED v1 payload: id/),
    });
    expect(reader.receive('THING_CHANGED', 2, { id: 'b', name: 'N', level: 'MEDIUM', tags: [], count: 1 })).toMatchObject({
      ok: false,
    });
    expect(reader.receive('THING_CHANGED', 2, { id: 'b', name: 'N', level: null, tags: [], count: 1.5 })).toMatchObject({
      ok: false,
    });
  });

  it('ignores fields a version does not list (an optional field added later is compatible)', () => {
    const received = reader.receive('THING_CHANGED', 1, { id: 'a', title: 'Old', addedLater: true });
    expect(received).toMatchObject({ ok: true, payload: { name: 'Old' } });
  });

  it('renders TypeScript types for every version, and formatted JSON', async () => {
    const { json, types } = await renderContract(contract);
    expect(JSON.parse(json)).toMatchObject(contract);
    expect(types).toContain("export type EventName = 'THING_CHANGED';");
    expect(types).toContain('THING_CHANGED: { 1: ThingChangedV1; 2: ThingChangedV2 };');
    expect(types).toContain("level: 'LOW' | 'HIGH' | null;");
    expect(types).toContain('tags: Array<string>;');
    expect(types).toContain("'odd-key'?: boolean;");
  });

  it('types records, and refuses payload schemas JSON or the types cannot express', async () => {
    const declare = (payload: z.ZodObject) =>
      buildContract([{ owner: 'things', events: defineEvents({ ODD: { description: '', payload } }) }]);
    const { types } = await renderContract(
      declare(z.object({ scores: z.record(z.string(), z.number()), note: z.string().nullable().describe('Why.') })),
    );
    expect(types).toContain('scores: Record<string, number>;');
    expect(types).toContain('/** Why. */\n  note: string | null;');
    expect(() => declare(z.object({ at: z.date() }))).toThrow(/Date cannot be represented/);
    await expect(renderContract(declare(z.object({ pair: z.tuple([z.string(), z.number()]) })))).rejects.toThrow(
      /ODD v1\.pair: arrays need one item schema/,
    );
  });
});
