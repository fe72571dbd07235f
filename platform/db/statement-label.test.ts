import { describe, expect, it } from '@jest/globals';
import { statementLabel } from './statement-label.ts';

describe('statementLabel', () => {
  it('names a statement by its verb and first table', () => {
    expect(statementLabel('SELECT "public"."Quest"."id" FROM "public"."Quest" WHERE "public"."Quest"."id" = $1')).toBe(
      'SELECT Quest',
    );
    expect(statementLabel('INSERT INTO "quests"."OutboxEvent" ("id","name") VALUES ($1,$2)')).toBe('INSERT OutboxEvent');
    expect(statementLabel('UPDATE "public"."QuestProgress" SET "lastAnswerAt" = $1 WHERE "id" = $2')).toBe(
      'UPDATE QuestProgress',
    );
    expect(statementLabel('DELETE FROM "public"."OutboxEvent" WHERE "publishedAt" < $1')).toBe('DELETE OutboxEvent');
  });

  it('names transaction control and bare selects by their verb', () => {
    expect(statementLabel('BEGIN')).toBe('BEGIN');
    expect(statementLabel('COMMIT')).toBe('COMMIT');
    expect(statementLabel('SELECT 1')).toBe('SELECT');
  });

  it('names a statement with a WITH clause by the tables it writes, else those it reads', () => {
    const cte = `WITH inbox AS (INSERT INTO "public"."ProcessedEvent" ("consumer") VALUES ($1) RETURNING 1),
      outbox AS (INSERT INTO "public"."OutboxEvent" SELECT * FROM (VALUES ($2)) v WHERE EXISTS (SELECT 1 FROM inbox))
      SELECT count(*) FROM inbox`;
    expect(statementLabel(cte)).toBe('WITH INSERT ProcessedEvent, INSERT OutboxEvent');
    expect(statementLabel('WITH a AS (SELECT * FROM "s"."Learner") SELECT * FROM a JOIN "s"."Badge" ON true')).toBe(
      'WITH SELECT Learner, SELECT Badge',
    );
  });
});
