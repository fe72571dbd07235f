/**
 * How a payload of an event's previous version becomes one of the next: declared as data by the
 * owner (beside the new version's payload), published in schema/events.json, and applied by the
 * platform when a consumer receives an older version, so handlers only ever see the current shape.
 * Data rather than a function, so that consumers apply it from the contract, without the owner's code.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface EventUpgrade {
  /** Fields the previous version carried and this one does not. */
  remove?: readonly string[];
  /** Fields renamed: previous name -> name in this version. */
  rename?: Readonly<Record<string, string>>;
  /** Fields the previous version did not carry, with the value an upgraded payload gets. */
  add?: Readonly<Record<string, JsonValue>>;
}

/** The payload of the previous version, upgraded: removals, then renames, then additions. */
export function applyUpgrade(payload: Readonly<Record<string, unknown>>, upgrade: EventUpgrade): Record<string, unknown> {
  const next: Record<string, unknown> = { ...payload };
  for (const field of upgrade.remove ?? []) delete next[field];
  for (const [from, to] of Object.entries(upgrade.rename ?? {})) {
    if (!Object.hasOwn(next, from)) continue;
    next[to] = next[from];
    delete next[from];
  }
  for (const [field, value] of Object.entries(upgrade.add ?? {})) {
    if (!Object.hasOwn(next, field)) next[field] = structuredClone(value);
  }
  return next;
}

/** The field names an upgrade turns `previous` into (to check that an upgrade is complete). */
export function upgradedFields(previous: readonly string[], upgrade: EventUpgrade): string[] {
  const removed = new Set(upgrade.remove ?? []);
  const renamed = upgrade.rename ?? {};
  const kept = previous.filter((field) => !removed.has(field)).map((field) => renamed[field] ?? field);
  return [...new Set([...kept, ...Object.keys(upgrade.add ?? {})])];
}
