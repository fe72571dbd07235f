/**
 * What assistant listens to: content to index (`assistant-index`) and learners' work in progress
 * for the pedagogy guard (`assistant-guard`, one statement per event). Effects commit with the inbox row.
 */
import type { EventConsumer, StatementConsumer } from '#platform/events/consumer.ts';
import type { AssistantTx } from '../db.ts';
import { GUARD_EVENTS, GUARD_SOURCES } from '../services/active-work.ts';
import { lessonDocumentId, questDocumentId } from '../services/content-index.ts';
import type { AssistantServices } from '../services/index.ts';

const CONTENT_EVENTS = ['LESSON_PUBLISHED', 'LESSON_UPDATED', 'COURSE_UPDATED', 'COURSE_UNPUBLISHED', 'QUEST_CREATED'] as const;

const indexConsumer = ({
  index,
  embeddings,
}: AssistantServices): EventConsumer<AssistantTx, (typeof CONTENT_EVENTS)[number]> => ({
  name: 'assistant-index',
  events: CONTENT_EVENTS,
  async handle(event, { tx }) {
    const occurredAt = new Date(event.occurredAt);
    switch (event.name) {
      case 'LESSON_PUBLISHED':
      case 'LESSON_UPDATED':
        await index.indexLesson(tx, event.payload, occurredAt);
        return;
      case 'QUEST_CREATED':
        await index.indexQuest(tx, event.payload, occurredAt);
        return;
      case 'COURSE_UPDATED':
        await index.updateCourse(tx, event.payload, occurredAt);
        return;
      case 'COURSE_UNPUBLISHED':
        await index.unpublishCourse(tx, event.payload.courseId, occurredAt);
        return;
    }
  },
  async afterCommit(event) {
    if (event.name === 'LESSON_PUBLISHED' || event.name === 'LESSON_UPDATED')
      await embeddings.embedDocument(lessonDocumentId(event.payload.lessonId));
    if (event.name === 'QUEST_CREATED') await embeddings.embedDocument(questDocumentId(event.payload.questId));
  },
});

const guardConsumer = ({ activeWork }: AssistantServices): StatementConsumer<AssistantTx, (typeof GUARD_EVENTS)[number]> => ({
  name: 'assistant-guard',
  events: GUARD_EVENTS,
  handleInOneStatement(event, tools) {
    const toWork = GUARD_SOURCES[event.name] as (
      payload: typeof event.payload,
    ) => ReturnType<(typeof GUARD_SOURCES)[typeof event.name]>;
    return activeWork.record(toWork(event.payload), new Date(event.occurredAt), tools);
  },
});

export const assistantConsumers = (services: AssistantServices) => [indexConsumer(services), guardConsumer(services)];
