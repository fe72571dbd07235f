/**
 * How a subgraph declares the events it owns, in its own folder
 * (subgraphs/<name>/src/events/catalog.ts, default export):
 *
 *   export default defineEvents({
 *     THING_HAPPENED: { description: '...', payload: z.object({ ... }) },
 *     THING_CHANGED: {
 *       description: '...',
 *       versions: {
 *         1: { payload: z.object({ ... }) },
 *         2: { payload: z.object({ ... }), upgrade: { add: { newField: null } } },
 *       },
 *     },
 *   });
 *
 * The highest version is the one the subgraph publishes. Every other listed version is still
 * accepted by consumers (an event published before an upgrade may still be in the stream): each
 * version after the first says how a payload of the previous one is upgraded. `npm run compose`
 * publishes the declarations as schema/events.json and schema/events.ts, the contract that
 * consumers in other subgraphs depend on.
 */
import { z } from 'zod';
import { upgradedFields, type EventUpgrade } from './upgrade.ts';

export interface VersionDeclaration {
  payload: z.ZodObject;
  /** Required on every version after the first: how a payload of the previous version becomes this one. */
  upgrade?: EventUpgrade;
}

export type EventDeclaration = { description: string } & (
  { payload: z.ZodObject } | { versions: Readonly<Record<number, VersionDeclaration>> }
);

export interface DeclaredVersion {
  version: number;
  payload: z.ZodObject;
  upgrade?: EventUpgrade;
}

export interface DeclaredEvent {
  name: string;
  description: string;
  /** The current version: the one published. */
  version: number;
  /** The current version's payload. */
  payload: z.ZodObject;
  /** Every supported version, oldest first. */
  versions: readonly DeclaredVersion[];
}

export type DeclaredEvents<N extends string = string> = Readonly<Record<N, DeclaredEvent>>;

/** The id of an entity in a payload (any subgraph's). */
export const entityId = () => z.string().min(1).max(200);

/** Event names are JetStream subject tokens: `<ns>.events.<NAME>`. */
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

function versionsOf(name: string, declaration: EventDeclaration): DeclaredVersion[] {
  const listed =
    'versions' in declaration
      ? Object.entries(declaration.versions).map(([version, spec]) => ({ version: Number(version), ...spec }))
      : [{ version: 1, payload: declaration.payload }];
  const versions = listed.sort((a, b) => a.version - b.version);
  if (!versions.length) throw new Error(`${name} declares no version`);
  versions.forEach((declared, index) => {
    if (!Number.isInteger(declared.version) || declared.version < 1)
      throw new Error(`${name}: version ${declared.version} is not a positive integer`);
    const previous = versions[index - 1];
    if (previous && declared.version !== previous.version + 1)
      throw new Error(`${name}: versions must follow each other (${previous.version} then ${declared.version})`);
    if (previous) checkUpgrade(name, previous, declared);
  });
  return versions;
}

/** An upgrade must turn the fields of the previous version into exactly the fields of the next (optional ones aside). */
function checkUpgrade(name: string, previous: DeclaredVersion, next: DeclaredVersion): void {
  const where = `${name} v${next.version}`;
  if (!next.upgrade) throw new Error(`${where} needs an upgrade from v${previous.version}: consumers accept both`);
  const before = Object.keys(previous.payload.shape);
  const after = Object.keys(next.payload.shape);
  const unknown = [...(next.upgrade.remove ?? []), ...Object.keys(next.upgrade.rename ?? {})].filter(
    (field) => !before.includes(field),
  );
  if (unknown.length) throw new Error(`${where}: the upgrade names fields v${previous.version} does not have: ${unknown}`);
  const produced = upgradedFields(before, next.upgrade);
  // An optional field may stay absent after the upgrade.
  const missing = after.filter((field) => !produced.includes(field) && !next.payload.shape[field]!.safeParse(undefined).success);
  const extra = produced.filter((field) => !after.includes(field));
  if (missing.length || extra.length) {
    throw new Error(
      `${where}: the upgrade from v${previous.version} must produce exactly its fields` +
        (missing.length ? `; missing ${missing}` : '') +
        (extra.length ? `; unexpected ${extra}` : ''),
    );
  }
  for (const [field, value] of Object.entries(next.upgrade.add ?? {})) {
    const check = next.payload.shape[field]!.safeParse(value);
    if (!check.success)
      throw new Error(`${where}: the upgrade's value for ${field} is invalid: ${check.error.issues[0]?.message}`);
  }
}

export function defineEvents<const N extends string>(declarations: Record<N, EventDeclaration>): DeclaredEvents<N> {
  const declared = {} as Record<N, DeclaredEvent>;
  for (const [name, declaration] of Object.entries(declarations) as Array<[N, EventDeclaration]>) {
    if (!EVENT_NAME.test(name)) throw new Error(`Event name ${name} must be UPPER_SNAKE_CASE`);
    const versions = versionsOf(name, declaration);
    const current = versions.at(-1)!;
    declared[name] = { name, description: declaration.description, version: current.version, payload: current.payload, versions };
  }
  return declared;
}

/** What a subgraph's catalog module exports by default, checked (the compose script loads them by convention). */
export function isDeclaredEvents(value: unknown): value is DeclaredEvents {
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).every(
    ([name, event]) =>
      event &&
      typeof event === 'object' &&
      (event as DeclaredEvent).name === name &&
      Array.isArray((event as DeclaredEvent).versions),
  );
}
