/**
 * The assistant's own index of public content, written from courses' and quests' events in the
 * consumer's transaction: lessons of published courses and quests, chunked by heading with code
 * blocks whole. A lesson update replaces its chunks and bumps its version (cached answers that
 * cited it are no longer served); an unpublished course's lessons leave. Events can arrive late or
 * twice: each write compares the event's time with what the index already holds.
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import { tableIn, type AssistantDb, type AssistantTx } from '../db.ts';
import type { DocumentKind } from '../generated/prisma/client.ts';
import { chunkMarkdown, type Passage } from '../rules/chunking.ts';
import { detectLanguage } from '../rules/language.ts';

type LessonEvent = EventPayload<'LESSON_PUBLISHED'>;
type QuestEvent = EventPayload<'QUEST_CREATED'>;

export const lessonDocumentId = (lessonId: string) => `lesson:${lessonId}`;
export const questDocumentId = (questId: string) => `quest:${questId}`;

interface DocumentFields {
  id: string;
  kind: DocumentKind;
  sourceId: string;
  courseId: string | null;
  courseTitle: string | null;
  courseSlug: string | null;
  moduleTitle: string | null;
  title: string;
  level: string | null;
  tags: string[];
}

interface NewChunk extends Passage {
  stepId?: string;
  hint?: string | null;
}

export class ContentIndex {
  private readonly table: (name: string) => string;

  constructor(
    private readonly db: AssistantDb,
    schema: string,
  ) {
    this.table = tableIn(schema);
  }

  async status() {
    const [lessons, quests, chunks, embeddedChunks, latest] = await Promise.all([
      this.db.document.count({ where: { kind: 'LESSON' } }),
      this.db.document.count({ where: { kind: 'QUEST' } }),
      this.db.chunk.count(),
      this.db.chunk.count({ where: { embeddingModel: { not: null } } }),
      this.db.document.aggregate({ _max: { updatedAt: true } }),
    ]);
    return { lessons, quests, chunks, embeddedChunks, updatedAt: latest._max.updatedAt };
  }

  /** LESSON_PUBLISHED and LESSON_UPDATED: the whole lesson, as it now is. */
  async indexLesson(tx: AssistantTx, lesson: LessonEvent, occurredAt: Date): Promise<boolean> {
    const course = await tx.courseState.findUnique({ where: { courseId: lesson.courseId } });
    // Unpublished after this event was written: the lesson stays out.
    if (course && !course.published && course.changedAt > occurredAt) return false;
    if (!course || course.changedAt <= occurredAt) {
      await tx.courseState.upsert({
        where: { courseId: lesson.courseId },
        create: { courseId: lesson.courseId, published: true, changedAt: occurredAt },
        update: { published: true, changedAt: occurredAt },
      });
    }
    const fields: DocumentFields = {
      id: lessonDocumentId(lesson.lessonId),
      kind: 'LESSON',
      sourceId: lesson.lessonId,
      courseId: lesson.courseId,
      courseTitle: lesson.courseTitle,
      courseSlug: lesson.courseSlug,
      moduleTitle: lesson.moduleTitle,
      title: lesson.title,
      level: lesson.level,
      tags: lesson.tags,
    };
    return this.write(tx, fields, chunkMarkdown(lesson.title, lesson.content), detectLanguage(lesson.content), occurredAt);
  }

  /** QUEST_CREATED: the description, then one passage per step (prompt and choices; the hint kept aside). */
  async indexQuest(tx: AssistantTx, quest: QuestEvent, occurredAt: Date): Promise<boolean> {
    const steps: NewChunk[] = quest.steps.map((step) => ({
      heading: `${quest.title} > Step ${step.position}`,
      stepId: step.stepId,
      hint: step.hint,
      text: [
        step.prompt,
        step.choices.length
          ? `Choices: ${step.choices.map((choice, index) => `${String.fromCharCode(65 + index)}) ${choice}`).join('; ')}`
          : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    }));
    const fields: DocumentFields = {
      id: questDocumentId(quest.questId),
      kind: 'QUEST',
      sourceId: quest.questId,
      courseId: quest.courseId,
      courseTitle: null,
      courseSlug: null,
      moduleTitle: null,
      title: quest.title,
      level: quest.difficulty,
      tags: [quest.category],
    };
    const language = detectLanguage(`${quest.description}\n${quest.steps.map((step) => step.prompt).join('\n')}`);
    return this.write(tx, fields, [...chunkMarkdown(quest.title, quest.description), ...steps], language, occurredAt);
  }

  /** COURSE_UPDATED: new course facts on its lessons; PUBLISHED again lets its lessons back in. */
  async updateCourse(tx: AssistantTx, course: EventPayload<'COURSE_UPDATED'>, occurredAt: Date): Promise<void> {
    const state = await tx.courseState.findUnique({ where: { courseId: course.courseId } });
    if (state && state.changedAt > occurredAt) return;
    await tx.courseState.upsert({
      where: { courseId: course.courseId },
      create: { courseId: course.courseId, published: course.status === 'PUBLISHED', changedAt: occurredAt },
      update: { published: course.status === 'PUBLISHED', changedAt: occurredAt },
    });
    await tx.document.updateMany({
      where: { courseId: course.courseId, kind: 'LESSON' },
      data: { courseTitle: course.title, courseSlug: course.slug, level: course.level, tags: course.tags },
    });
  }

  /** COURSE_UNPUBLISHED: its lessons leave the index (its quests stay: they are public on their own). */
  async unpublishCourse(tx: AssistantTx, courseId: string, occurredAt: Date): Promise<string[]> {
    const state = await tx.courseState.findUnique({ where: { courseId } });
    if (state && state.changedAt > occurredAt) return [];
    await tx.courseState.upsert({
      where: { courseId },
      create: { courseId, published: false, changedAt: occurredAt },
      update: { published: false, changedAt: occurredAt },
    });
    const gone = await tx.document.findMany({
      where: { courseId, kind: 'LESSON', sourceAt: { lte: occurredAt } },
      select: { id: true },
    });
    await tx.document.deleteMany({ where: { id: { in: gone.map((document) => document.id) } } });
    return gone.map((document) => document.id);
  }

  /** Replaces a document's chunks unless the index already holds a newer state of it. */
  private async write(
    tx: AssistantTx,
    fields: DocumentFields,
    passages: NewChunk[],
    language: string,
    occurredAt: Date,
  ): Promise<boolean> {
    const existing = await tx.document.findUnique({ where: { id: fields.id }, select: { sourceAt: true } });
    if (existing && existing.sourceAt >= occurredAt) return false;
    const document = { ...fields, language, sourceAt: occurredAt };
    await tx.document.upsert({
      where: { id: fields.id },
      create: document,
      update: { ...document, version: { increment: 1 } },
    });
    await tx.chunk.deleteMany({ where: { documentId: fields.id } });
    await tx.chunk.createMany({
      data: passages.map((passage, position) => ({
        documentId: fields.id,
        position,
        heading: passage.heading,
        text: passage.text,
        stepId: passage.stepId ?? null,
        hint: passage.hint ?? null,
        language,
      })),
    });
    // Title and heading weigh more than the text; the module's title a little.
    await tx.$executeRawUnsafe(
      `UPDATE ${this.table('Chunk')} AS c
          SET "searchVector" = setweight(to_tsvector(c.language::regconfig, c.heading), 'A')
                            || setweight(to_tsvector(c.language::regconfig, coalesce(d."moduleTitle", '')), 'C')
                            || setweight(to_tsvector(c.language::regconfig, c.text), 'B')
         FROM ${this.table('Document')} AS d
        WHERE d.id = c."documentId" AND c."documentId" = $1`,
      fields.id,
    );
    return true;
  }
}
