import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '../auth/viewer.ts';
import { LIVE_DIRECTIVE_SDL, liveDeclarationIn, liveTopic, mayFollow, readLiveDirective } from './live.ts';

const fieldOf = (declaration: string): FieldDefinitionNode =>
  (parse(`type Subscription { field: Int ${declaration} }`).definitions[0] as ObjectTypeDefinitionNode).fields![0]!;
const read = (declaration: string) => readLiveDirective('field', fieldOf(declaration).directives![0]!);

describe('@live', () => {
  it('reads triggers, query arguments and rules', () => {
    expect(
      read(`@live(event: "X_HAPPENED", query: "thing", queryArgs: ["id: event.thing.id", "by: viewer.id", "n: args.first"],
        match: ["event.userId = args.userId", "event.userId = viewer.id unless ADMIN, ANALYST", "event.kind in args.kinds"],
        coalesce: true)`),
    ).toEqual({
      field: 'field',
      trigger: { kind: 'event', name: 'X_HAPPENED' },
      query: 'thing',
      queryArgs: [
        { name: 'id', source: { from: 'event', path: ['thing', 'id'] } },
        { name: 'by', source: { from: 'viewer' } },
        { name: 'n', source: { from: 'args', name: 'first' } },
      ],
      match: [
        { path: ['userId'], op: '=', source: { from: 'args', name: 'userId' }, unless: [], text: 'event.userId = args.userId' },
        {
          path: ['userId'],
          op: '=',
          source: { from: 'viewer' },
          unless: ['ADMIN', 'ANALYST'],
          text: 'event.userId = viewer.id unless ADMIN, ANALYST',
        },
        { path: ['kind'], op: 'in', source: { from: 'args', name: 'kinds' }, unless: [], text: 'event.kind in args.kinds' },
      ],
      eventNameArgs: [],
      check: false,
      coalesce: true,
    });
    expect(read(`@live(topic: "board", query: "board", check: true)`).trigger).toEqual({ kind: 'live', topic: 'board' });
  });

  it('says what is wrong with a declaration', () => {
    expect(() => read(`@live(query: "thing")`)).toThrow('exactly one of event and topic');
    expect(() => read(`@live(topic: "t", query: "not a field")`)).toThrow('query must name a Query field');
    expect(() => read(`@live(topic: "t", query: "q", queryArgs: ["id = event.id"])`)).toThrow('is not "name: source"');
    expect(() => read(`@live(topic: "t", query: "q", queryArgs: ["id: payload.id"])`)).toThrow('is not a source');
    expect(() => read(`@live(topic: "t", query: "q", match: ["event.a = event.b"])`)).toThrow('compares the event with itself');
    expect(() => read(`@live(topic: "t", query: "q", match: ["event.a in viewer.id"])`)).toThrow('"in" takes a list argument');
    expect(() => read(`@live(topic: "t", query: "q", match: ["event.a = args.b unless ADMIN"])`)).toThrow(
      '"unless" is for viewer.id',
    );
  });

  it('gives a subgraph the topic and the audience its schema declares', () => {
    const schemaFile = join(mkdtempSync(join(tmpdir(), 'live-')), 'schema.graphql');
    writeFileSync(
      schemaFile,
      `${LIVE_DIRECTIVE_SDL}
      type Query { run(id: ID!): Int }
      type Subscription {
        board: Int! @live(topic: "board-changed", query: "run")
        runDone(userId: ID): Int! @live(event: "RUN_DONE", query: "run", queryArgs: ["id: event.runId"],
          match: ["event.userId = args.userId", "event.userId = viewer.id unless ANALYST"])
        bare: Int
      }`,
    );
    expect(liveTopic(schemaFile, 'board')).toBe('board-changed');
    expect(() => liveTopic(schemaFile, 'runDone')).toThrow('triggered by an event');
    expect(() => liveDeclarationIn(schemaFile, 'bare')).toThrow('has no @live declaration');

    const runDone = liveDeclarationIn(schemaFile, 'runDone');
    const viewer = (userId: string, roles: Viewer['roles']): Viewer => ({ userId, roles, sessionId: 's' });
    expect(mayFollow(runDone, viewer('u1', ['STUDENT']), 'u1')).toBe(true);
    expect(mayFollow(runDone, viewer('u2', ['STUDENT']), 'u1')).toBe(false);
    expect(mayFollow(runDone, viewer('u2', ['ANALYST']), 'u1')).toBe(true);
    expect(mayFollow(runDone, undefined, 'u1')).toBe(false);
  });
});
