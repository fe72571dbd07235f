/**
 * The pieces of the response cache that need no service: which types an operation reads, the
 * event table against the event contract and the composed supergraph, in-memory generations.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { EVENT_NAMES } from '#platform/events/catalog.ts';
import { acceptSubgraphEnforcedSecurity } from '../supergraph.ts';
import { MemoryGenerations } from './generations.ts';
import { INVALIDATIONS } from './invalidations.ts';
import { typesRead } from './types-read.ts';

async function loadApiSchema(): Promise<GraphQLSchema> {
  const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
  const gateway = new ApolloGateway({ supergraphSdl: acceptSubgraphEnforcedSecurity(supergraphSdl) });
  const { schema } = await gateway.load();
  await gateway.stop();
  return schema;
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await loadApiSchema();
});

describe('typesRead', () => {
  it('lists the object types a query reads, through fragments, not the root or introspection types', async () => {
    const document = parse(`
      query Catalog { courses { totalCount edges { node { ...Card } } } __schema { queryType { name } } }
      fragment Card on Course { title modules { lessons { title } } instructor { displayName } }
    `);
    expect(typesRead(schema, document)).toEqual(['Course', 'CourseConnection', 'CourseEdge', 'Lesson', 'Module', 'User']);
    expect(typesRead(schema, parse('{ __typename }'))).toEqual([]);
    expect(typesRead(schema, parse('mutation { updateCourse(id: "c", input: { title: "T" }) { id } }'))).toEqual(['Course']);
  });

  it('computes a document once', async () => {
    const document = parse('{ quests { edges { node { title steps { prompt } } } } }');
    expect(typesRead(schema, document)).toBe(typesRead(schema, document));
  });
});

describe('INVALIDATIONS', () => {
  it('decides for every event of the contract, and names only types of the supergraph', async () => {
    expect(Object.keys(INVALIDATIONS).sort()).toEqual([...EVENT_NAMES].sort());
    const unknown = Object.entries(INVALIDATIONS).flatMap(([event, types]) =>
      types.filter((type) => !isObjectType(schema.getType(type))).map((type) => `${event}: ${type}`),
    );
    expect(unknown).toEqual([]);
  });

  it('invalidates the course catalogue when a course changes', () => {
    for (const event of ['COURSE_UPDATED', 'COURSE_PUBLISHED', 'COURSE_UNPUBLISHED'] as const)
      expect(INVALIDATIONS[event]).toEqual(expect.arrayContaining(['Course', 'CourseConnection']));
    expect(INVALIDATIONS.LESSON_UPDATED).toContain('Lesson');
    expect(INVALIDATIONS.QUEST_CREATED).toEqual(expect.arrayContaining(['Quest', 'QuestConnection']));
  });
});

describe('MemoryGenerations', () => {
  it('starts at zero and moves only the bumped types, once per bump', async () => {
    const generations = new MemoryGenerations();
    expect(await generations.read(['Course', 'Quest'])).toEqual([0, 0]);
    await generations.bump(['Course']);
    await generations.bump(['Course']);
    expect(await generations.read(['Course', 'Quest'])).toEqual([2, 0]);
  });
});
