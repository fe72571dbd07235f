/**
 * The event catalog as the platform reads it: the published contract, schema/events.json at run
 * time and schema/events.ts for the types. Each event is declared by the subgraph that owns it
 * (subgraphs/<name>/src/events/catalog.ts) and published by `npm run compose`; nothing here knows
 * an event by name.
 */
import type { EventName, EventPayloads } from '../../schema/events.ts';
import { ContractReader, readContract } from './contract.ts';

export type { EventName, EventPayloads };
/** An event's payload at its current version: what publishers send and handlers receive. */
export type EventPayload<N extends EventName> = EventPayloads[N];

export const eventContract = new ContractReader(readContract());

/** Every event of the contract, in the order of rover.yaml's subgraphs and their declarations. */
export const EVENT_NAMES = Object.keys(eventContract.contract.events) as EventName[];
export const isEventName = (name: string): name is EventName => eventContract.has(name);
export const ownerOf = (name: EventName): string => eventContract.contract.events[name]!.owner;
export const currentVersion = (name: EventName): number => eventContract.contract.events[name]!.version;
