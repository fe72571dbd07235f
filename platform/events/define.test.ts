import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineEvents } from './define.ts';
import { applyUpgrade } from './upgrade.ts';

const v1 = z.object({ id: z.string(), title: z.string(), legacy: z.string() });
const v2 = z.object({ id: z.string(), name: z.string(), level: z.enum(['LOW', 'HIGH']).nullable(), tags: z.array(z.string()) });
const upgrade = { remove: ['legacy'], rename: { title: 'name' }, add: { level: null, tags: [] } };

describe('defineEvents', () => {
  it('makes the highest version current and keeps every version, oldest first', () => {
    const events = defineEvents({
      THING_CHANGED: { description: 'A thing changed.', versions: { 2: { payload: v2, upgrade }, 1: { payload: v1 } } },
      THING_SEEN: { description: 'A thing was seen.', payload: v1 },
    });
    expect(events.THING_CHANGED.version).toBe(2);
    expect(events.THING_CHANGED.payload).toBe(v2);
    expect(events.THING_CHANGED.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(events.THING_SEEN).toMatchObject({ name: 'THING_SEEN', version: 1, payload: v1 });
  });

  it('refuses a later version without an upgrade, or with one that does not produce its fields', () => {
    expect(() => defineEvents({ A: { description: '', versions: { 1: { payload: v1 }, 2: { payload: v2 } } } })).toThrow(
      /needs an upgrade from v1/,
    );
    const incomplete = { rename: { title: 'name' }, add: { level: null } };
    expect(() =>
      defineEvents({ A: { description: '', versions: { 1: { payload: v1 }, 2: { payload: v2, upgrade: incomplete } } } }),
    ).toThrow(/missing tags; unexpected legacy/);
    const badValue = { ...upgrade, add: { level: 'MEDIUM', tags: [] } };
    expect(() =>
      defineEvents({ A: { description: '', versions: { 1: { payload: v1 }, 2: { payload: v2, upgrade: badValue } } } }),
    ).toThrow(/value for level is invalid/);
    const unknownField = { ...upgrade, remove: ['legacy', 'nope'] };
    expect(() =>
      defineEvents({ A: { description: '', versions: { 1: { payload: v1 }, 2: { payload: v2, upgrade: unknownField } } } }),
    ).toThrow(/fields v1 does not have: nope/);
  });

  it('refuses gaps between versions and names that are not subject tokens', () => {
    expect(() => defineEvents({ A: { description: '', versions: { 1: { payload: v1 }, 3: { payload: v2, upgrade } } } })).toThrow(
      /must follow each other/,
    );
    expect(() => defineEvents({ 'thing.changed': { description: '', payload: v1 } })).toThrow(/UPPER_SNAKE_CASE/);
  });
});

describe('applyUpgrade', () => {
  it('removes, renames, then adds (copies of) the declared values, keeping what the payload has', () => {
    const upgraded = applyUpgrade({ id: '1', title: 'T', legacy: 'x' }, upgrade);
    expect(upgraded).toEqual({ id: '1', name: 'T', level: null, tags: [] });
    expect(v2.parse(upgraded)).toEqual(upgraded);
    (upgraded.tags as string[]).push('mutated');
    expect(applyUpgrade({ id: '2', title: 'U', legacy: 'y' }, upgrade).tags).toEqual([]);
  });
});
