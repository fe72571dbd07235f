/**
 * Every Subscription field of the supergraph is declared with @live by its subgraph, and the
 * declaration holds together (event, query field, arguments); the gateway serves them from that
 * alone. The fake subgraphs below show that a missing or wrong declaration is caught.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '#platform/auth/viewer.ts';
import { readCatalog } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';
import { currentVersion, eventContract, isEventName } from '#platform/events/catalog.ts';
import { fieldsOf, LIVE_DIRECTIVE_SDL, LIVE_SPEC_URL, printedLiveDefinition } from '#platform/graphql/live.ts';
import { acceptSubgraphEnforcedSecurity } from '../supergraph.ts';
import { liveFieldsOf, type LiveField } from './declarations.ts';

async function servedBy(supergraphSdl: string) {
  const gateway = new ApolloGateway({ supergraphSdl: acceptSubgraphEnforcedSecurity(supergraphSdl) });
  const { schema } = await gateway.load();
  await gateway.stop();
  return { schema, ...liveFieldsOf(parse(supergraphSdl), schema) };
}

const errorCode = (work: () => unknown): unknown => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
};

describe('the supergraph of rover.yaml', () => {
  const catalog = readCatalog();
  const supergraphSdl = composeSupergraph(
    catalog.map(({ name, routingUrl, schemaFile }) => ({ name, url: routingUrl, schemaFile })),
  );

  it('declares every Subscription field, consistently', async () => {
    const { schema, fields, problems } = await servedBy(supergraphSdl);
    expect(problems).toEqual([]);
    const subscriptionFields = Object.keys(schema.getSubscriptionType()!.getFields());
    expect(subscriptionFields.length).toBeGreaterThan(0);
    expect([...fields.keys()].sort()).toEqual(subscriptionFields.sort());
  });

  it('reads only payload fields the catalog events have, and roles accounts declares', async () => {
    const { fields } = await servedBy(supergraphSdl);
    const document = parse(supergraphSdl);
    const roleEnum = document.definitions.find(
      (node): node is EnumTypeDefinitionNode => node.kind === Kind.ENUM_TYPE_DEFINITION && node.name.value === 'Role',
    );
    const roles = new Set(roleEnum?.values?.map((value) => value.name.value));
    const wrong: string[] = [];
    for (const { declaration } of fields.values()) {
      const paths = [
        ...declaration.match.map((rule) => rule.path),
        ...declaration.queryArgs.flatMap(({ source }) => (source.from === 'event' ? [source.path] : [])),
      ];
      const { trigger } = declaration;
      // The payload's fields, as the published event contract (schema/events.json) lists them.
      const shape =
        trigger.kind === 'event' && isEventName(trigger.name)
          ? (
              eventContract.contract.events[trigger.name]!.versions[currentVersion(trigger.name)]!.payload as {
                properties?: Record<string, unknown>;
              }
            ).properties
          : undefined;
      for (const [first] of paths) if (shape && !Object.hasOwn(shape, first!)) wrong.push(`${declaration.field}: event.${first}`);
      for (const role of declaration.match.flatMap((rule) => rule.unless))
        if (!roles.has(role)) wrong.push(`${declaration.field}: role ${role}`);
    }
    expect(roles.size).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('gives every subgraph that declares subscriptions the same @live definition, linked from the spec', () => {
    const declaring = catalog
      .map(({ name, schemaFile }) => ({ name, sdl: readFileSync(schemaFile, 'utf8') }))
      .filter(({ sdl }) => fieldsOf(parse(sdl), 'Subscription').length);
    expect(declaring.length).toBeGreaterThan(0);
    const expected = printedLiveDefinition(parse(LIVE_DIRECTIVE_SDL));
    const linked = `@link(url: "${LIVE_SPEC_URL}", import: ["@live"])`;
    const differing = declaring.filter(
      ({ sdl }) =>
        printedLiveDefinition(parse(sdl)) !== expected ||
        !sdl.includes(linked) ||
        !sdl.includes('@composeDirective(name: "@live")'),
    );
    expect(differing.map(({ name }) => name)).toEqual([]);
  });
});

/** Two fake subgraphs: `things` declares its subscriptions as told, `other` owns a query field. */
function fakeSupergraph(subscriptions: string): string {
  const link = `extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@authenticated", "@requiresScopes", "@policy", "@composeDirective"])
    @link(url: "${LIVE_SPEC_URL}", import: ["@live"])
    @composeDirective(name: "@live")
  ${LIVE_DIRECTIVE_SDL}`;
  return composeSupergraph([
    {
      name: 'things',
      url: 'http://things',
      sdl: `${link}
        enum Scope { ALL MINE }
        type Thing @key(fields: "id") { id: ID! name: String }
        type Query { thing(id: ID!): Thing @authenticated things(scope: Scope!, first: Int): [Thing!]! }
        type Subscription { ${subscriptions} }`,
    },
    {
      name: 'other',
      url: 'http://other',
      sdl: `${link} type Query { otherThing(key: String!): Int @requiresScopes(scopes: [["ADMIN"]]) }`,
    },
  ]);
}

describe('a declaration', () => {
  const learner: Viewer = { userId: 'u1', roles: ['STUDENT'], sessionId: 's1' };
  const admin: Viewer = { userId: 'a1', roles: ['ADMIN'], sessionId: 's2' };
  const envelope = (payload: Record<string, unknown>) => ({ name: 'QUEST_COMPLETED', payload });

  it('is required for every Subscription field', async () => {
    const { problems, fields } = await servedBy(fakeSupergraph('thingAdded: Thing!'));
    expect(problems).toEqual(['Subscription.thingAdded: no @live declaration']);
    expect(fields.size).toBe(0);
  });

  it('must name a catalog event, an existing query field and arguments that exist', async () => {
    const { problems } = await servedBy(
      fakeSupergraph(`
        a: Thing! @live(event: "NO_SUCH_EVENT", query: "thing", queryArgs: ["id: event.id"])
        b: Thing! @live(event: "QUEST_COMPLETED", query: "noSuchField")
        c(id: ID): Thing! @live(topic: "t", query: "thing", queryArgs: ["id: args.id", "size: args.size"])
        d: Thing! @live(topic: "t", query: "thing", match: ["event.id = args.missing"])
        e: [Thing!]! @live(topic: "t", query: "things", queryArgs: ["first: args.first"])
        f: Thing! @policy(policies: [["self"]]) @live(event: "QUEST_COMPLETED", query: "thing", queryArgs: ["id: event.progressId"])
        g: Thing! @live(topic: "t", query: "thing", queryArgs: ["id: event.id"], check: true)
        h: Thing! @live(event: "QUEST_COMPLETED", topic: "t", query: "thing")
        i: Thing! @live(topic: "t", query: "thing", queryArgs: ["id: event.id"], match: ["event.id ~ viewer.id"])
      `),
    );
    expect(problems).toEqual([
      'Subscription.a: unknown event NO_SUCH_EVENT',
      'Subscription.b: unknown query field noSuchField',
      'Subscription.c: queryArgs: id: ID does not fit thing(id: ID!)',
      'Subscription.c: thing has no argument size',
      'Subscription.c: queryArgs: no argument size',
      'Subscription.d: queryArgs: thing(id) is required',
      'Subscription.d: match "event.id = args.missing": no argument missing',
      'Subscription.e: queryArgs: no argument first',
      'Subscription.e: queryArgs: things(scope) is required',
      'Subscription.f: @policy cannot be enforced by the gateway: use @requiresScopes or @live match rules',
      'Subscription.g: check: id comes from the event, unknown when subscribing (null then: make it nullable)',
      'Subscription.h: give exactly one of event and topic',
      'Subscription.i: match "event.id ~ viewer.id" is not "event.<field> = <source>" or "event.<field> in args.<argument>"',
    ]);
  });

  it('lets users follow their own events, the roles it names everyone’s or one user’s', async () => {
    const { fields } = await servedBy(
      fakeSupergraph(`
        thingDone(userId: ID): Thing! @authenticated @live(
          event: "QUEST_COMPLETED", query: "thing", queryArgs: ["id: event.progressId"],
          match: ["event.userId = args.userId", "event.userId = viewer.id unless ADMIN"])
      `),
    );
    const field = fields.get('thingDone') as LiveField;
    expect(errorCode(() => field.authorize(undefined, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(() => field.authorize(learner, { userId: 'u2' }))).toBe('FORBIDDEN');
    expect(errorCode(() => field.authorize(learner, { userId: 'u1' }))).toBeUndefined();
    expect(errorCode(() => field.authorize(admin, { userId: 'u2' }))).toBeUndefined();

    const own = envelope({ userId: 'u1', progressId: 'p1' });
    const other = envelope({ userId: 'u2', progressId: 'p2' });
    expect([field.concerns(own, {}, learner), field.concerns(other, {}, learner)]).toEqual([true, false]);
    expect([field.concerns(own, {}, admin), field.concerns(other, {}, admin)]).toEqual([true, true]);
    expect([field.concerns(own, { userId: 'u2' }, admin), field.concerns(other, { userId: 'u2' }, admin)]).toEqual([false, true]);
    expect(field.answer(other, {}, admin)).toEqual({ field: 'thing', arguments: { id: ['ID!', 'p2'] } });
  });

  it('answers the check of an event-triggered subscription from its arguments alone (no event yet)', async () => {
    const { fields, problems } = await servedBy(
      fakeSupergraph(`
        thingChanged(id: ID!): Thing! @authenticated @live(
          event: "QUEST_COMPLETED", query: "thing", queryArgs: ["id: args.id"],
          match: ["event.progressId = args.id"], check: true)
      `),
    );
    expect(problems).toEqual([]);
    const field = fields.get('thingChanged') as LiveField;
    expect(field.answer(undefined, { id: 'p1' }, learner)).toEqual({ field: 'thing', arguments: { id: ['ID!', 'p1'] } });
    expect(field.concerns(envelope({ userId: 'u2', progressId: 'p1' }), { id: 'p1' }, learner)).toBe(true);
  });

  it('lets a checked subscription take a nullable query argument from the event (null while checking)', async () => {
    const { fields, problems } = await servedBy(
      fakeSupergraph(`
        thingsMoved(scope: Scope!): [Thing!]! @authenticated @live(
          event: "QUEST_COMPLETED", query: "things", queryArgs: ["scope: args.scope", "first: event.score"], check: true)
      `),
    );
    expect(problems).toEqual([]);
    const field = fields.get('thingsMoved') as LiveField;
    expect(field.answer(undefined, { scope: 'ALL' }, learner).arguments).toEqual({
      scope: ['Scope!', 'ALL'],
      first: ['Int', undefined],
    });
    expect(field.answer(envelope({ score: 3 }), { scope: 'ALL' }, learner).arguments.first).toEqual(['Int', 3]);
  });

  it('filters on list arguments, checks event names, and enforces the answering field’s scopes', async () => {
    const { fields } = await servedBy(
      fakeSupergraph(`
        feed(types: [String!]): Int! @live(
          topic: "feed", query: "otherThing", queryArgs: ["key: event.id"],
          match: ["event.type in args.types"], eventNameArgs: ["types"])
      `),
    );
    const field = fields.get('feed') as LiveField;
    expect(errorCode(() => field.authorize(undefined, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(() => field.authorize(learner, {}))).toBe('FORBIDDEN');
    expect(errorCode(() => field.authorize(admin, { types: ['QUEST_COMPLETED', 'NOPE'] }))).toBe('BAD_USER_INPUT');
    expect(errorCode(() => field.authorize(admin, { types: ['QUEST_COMPLETED'] }))).toBeUndefined();
    const signal = { id: 'e1', type: 'QUEST_STARTED' };
    expect(field.concerns(signal, { types: ['QUEST_COMPLETED'] }, admin)).toBe(false);
    expect(field.concerns(signal, { types: [] }, admin)).toBe(true);
    expect(field.concerns(signal, {}, admin)).toBe(true);
    expect(field.answer(signal, {}, admin)).toEqual({ field: 'otherThing', arguments: { key: ['String!', 'e1'] } });
  });
});
