/**
 * The documents the index is built from, kept from the owners' events: courses and lessons
 * (courses), quizzes (quizzes), quests (quests), webinars (webinars), instructors (accounts),
 * translations (i18n). A document is PUBLIC once its owner published it, OWNER (found by its owner
 * only) before and after; a quiz, and a webinar of a course, are seen by whoever sees their course.
 * Each write also writes the document's weighted tsvector (title A, body C, in its language's
 * configuration).
 */
import type { EventOf } from '#platform/events/envelope.ts';
import type { SearchTx } from '../db.ts';
import type { Prisma, SearchType, Visibility } from '../generated/prisma/client.ts';
import { markdownToText } from './text.ts';

export const ORIGINAL = 'en';
export const documentId = (type: SearchType, entityId: string, language = ORIGINAL) => `${type}:${entityId}:${language}`;

export type IndexedEvent = EventOf<
  | 'COURSE_CREATED'
  | 'COURSE_PUBLISHED'
  | 'COURSE_UPDATED'
  | 'COURSE_UNPUBLISHED'
  | 'LESSON_ADDED'
  | 'LESSON_PUBLISHED'
  | 'LESSON_UPDATED'
  | 'QUEST_CREATED'
  | 'QUIZ_PUBLISHED'
  | 'WEBINAR_SCHEDULED'
  | 'WEBINAR_STATUS_CHANGED'
  | 'USER_REGISTERED'
  | 'COURSE_TRANSLATED'
  | 'LESSON_TRANSLATED'
>;

export const INDEXED_EVENTS = [
  'COURSE_CREATED',
  'COURSE_PUBLISHED',
  'COURSE_UPDATED',
  'COURSE_UNPUBLISHED',
  'LESSON_ADDED',
  'LESSON_PUBLISHED',
  'LESSON_UPDATED',
  'QUEST_CREATED',
  'QUIZ_PUBLISHED',
  'WEBINAR_SCHEDULED',
  'WEBINAR_STATUS_CHANGED',
  'USER_REGISTERED',
  'COURSE_TRANSLATED',
  'LESSON_TRANSLATED',
] as const satisfies ReadonlyArray<IndexedEvent['name']>;

type Fields = Omit<
  Prisma.SearchDocumentUncheckedCreateInput,
  'id' | 'type' | 'entityId' | 'language' | 'searchVector' | 'updatedAt'
>;

export class DocumentStore {
  /** `schema`: the subgraph's Postgres schema, named in raw SQL (embedded mode holds every subgraph in one database). */
  constructor(private readonly schema: string) {}

  /** Applies an event; returns the ids of the documents it wrote (the engines that mirror them sync those). */
  async apply(tx: SearchTx, event: IndexedEvent): Promise<string[]> {
    const written: string[] = [];
    const put = async (type: SearchType, entityId: string, fields: Partial<Fields> & { title?: string }, language = ORIGINAL) => {
      const id = documentId(type, entityId, language);
      const { title = '', ...rest } = fields;
      await tx.searchDocument.upsert({
        where: { id },
        create: { id, type, entityId, language, title, ...rest },
        update: fields,
      });
      written.push(id);
    };
    switch (event.name) {
      case 'COURSE_CREATED': {
        const { courseId, instructorId, title } = event.payload;
        await lock(tx, 'COURSE', courseId);
        await put('COURSE', courseId, { title, ownerId: instructorId, courseId });
        written.push(...(await this.dependentsFollow(tx, courseId)));
        break;
      }
      case 'COURSE_PUBLISHED': {
        const { courseId, instructorId, title, description, level, tags } = event.payload;
        await lock(tx, 'COURSE', courseId);
        await put('COURSE', courseId, {
          title,
          ownerId: instructorId,
          courseId,
          visibility: 'PUBLIC',
          ...(description === null ? {} : { body: description }),
          ...(level === null ? {} : { level }),
          ...(tags.length ? { tags } : {}),
        });
        written.push(...(await this.follow(tx, 'COURSE', courseId)));
        written.push(...(await this.dependentsFollow(tx, courseId)));
        written.push(...(await this.refreshInstructor(tx, instructorId)));
        break;
      }
      case 'COURSE_UPDATED': {
        const { courseId, title, description, level, tags, status } = event.payload;
        const visibility: Visibility = status === 'PUBLISHED' ? 'PUBLIC' : 'OWNER';
        await lock(tx, 'COURSE', courseId);
        await put('COURSE', courseId, { title, body: description, level, tags, courseId, visibility });
        written.push(...(await this.follow(tx, 'COURSE', courseId)));
        written.push(
          ...(await this.lessonsFollow(tx, courseId, { level, tags, ...(visibility === 'OWNER' ? { visibility } : {}) })),
        );
        written.push(...(await this.dependentsFollow(tx, courseId)));
        written.push(...(await this.refreshInstructorOf(tx, courseId)));
        break;
      }
      case 'COURSE_UNPUBLISHED': {
        const { courseId } = event.payload;
        await lock(tx, 'COURSE', courseId);
        const course = await tx.searchDocument.findUnique({ where: { id: documentId('COURSE', courseId) } });
        if (!course) break;
        await put('COURSE', courseId, { visibility: 'OWNER' });
        written.push(...(await this.follow(tx, 'COURSE', courseId)));
        written.push(...(await this.lessonsFollow(tx, courseId, { visibility: 'OWNER' })));
        written.push(...(await this.dependentsFollow(tx, courseId)));
        written.push(...(await this.refreshInstructorOf(tx, courseId)));
        break;
      }
      case 'LESSON_ADDED': {
        const { lessonId, courseId, title } = event.payload;
        const id = documentId('LESSON', lessonId);
        // Announced for drafts too: a title its owner can find; LESSON_PUBLISHED brings the content.
        if (await tx.searchDocument.findUnique({ where: { id }, select: { id: true } })) break;
        const course = await tx.searchDocument.findUnique({ where: { id: documentId('COURSE', courseId) } });
        await put('LESSON', lessonId, {
          title,
          courseId,
          ownerId: course?.ownerId ?? null,
          level: course?.level ?? null,
          tags: course?.tags ?? [],
        });
        break;
      }
      case 'LESSON_PUBLISHED':
      case 'LESSON_UPDATED': {
        const { lessonId, courseId, title, content, level, tags } = event.payload;
        const course = await tx.searchDocument.findUnique({ where: { id: documentId('COURSE', courseId) } });
        const visibility: Visibility = event.name === 'LESSON_PUBLISHED' || course?.visibility === 'PUBLIC' ? 'PUBLIC' : 'OWNER';
        await put('LESSON', lessonId, {
          title,
          body: markdownToText(content),
          courseId,
          level,
          tags,
          visibility,
          ownerId: course?.ownerId ?? null,
        });
        written.push(...(await this.follow(tx, 'LESSON', lessonId)));
        break;
      }
      case 'QUEST_CREATED': {
        const { questId, title, description, category, difficulty, courseId, authorId, steps } = event.payload;
        // Prompts, choices and hints are public; accepted answers are never in the event.
        const body = [description, ...steps.flatMap((step) => [step.prompt, ...step.choices, step.hint ?? ''])]
          .map(markdownToText)
          .join(' ');
        await put('QUEST', questId, {
          title,
          body,
          courseId,
          ownerId: authorId,
          level: difficulty,
          tags: [category.toLowerCase()],
          visibility: 'PUBLIC',
        });
        break;
      }
      case 'QUIZ_PUBLISHED': {
        const { quizId, courseId, title } = event.payload;
        // Published quizzes only (QUIZ_PUBLISHED is their first event); the course decides who sees them.
        await lock(tx, 'COURSE', courseId);
        await put('QUIZ', quizId, { title, courseId, ...followed(await this.course(tx, courseId)) });
        break;
      }
      case 'WEBINAR_SCHEDULED':
      case 'WEBINAR_STATUS_CHANGED': {
        const { webinarId, hostId, courseId, title } = event.payload;
        await lock(tx, 'WEBINAR', webinarId);
        if (event.name === 'WEBINAR_STATUS_CHANGED' && event.payload.status === 'CANCELLED') {
          written.push(...(await this.remove(tx, 'WEBINAR', webinarId)));
          break;
        }
        // Cancelled is final: a late SCHEDULED (or LIVE) redelivered after the cancellation brings nothing back.
        if (await tx.removedEntity.findUnique({ where: { type_entityId: { type: 'WEBINAR', entityId: webinarId } } })) break;
        if (courseId) await lock(tx, 'COURSE', courseId);
        const description = optionalText(event.payload, 'description');
        await put('WEBINAR', webinarId, {
          title,
          courseId,
          ...(description === undefined ? {} : { body: markdownToText(description) }),
          ...(courseId
            ? followed(await this.course(tx, courseId))
            : { ownerId: hostId, visibility: 'PUBLIC', level: null, tags: [] }),
        });
        break;
      }
      case 'USER_REGISTERED': {
        const { userId, displayName, role } = event.payload;
        if (role !== 'INSTRUCTOR') break;
        await put('INSTRUCTOR', userId, { title: displayName, ownerId: userId });
        written.push(...(await this.refreshInstructor(tx, userId)));
        break;
      }
      case 'COURSE_TRANSLATED': {
        const { courseId, locale, title, description } = event.payload;
        await this.putTranslation(tx, put, 'COURSE', courseId, locale, { title, body: description });
        break;
      }
      case 'LESSON_TRANSLATED': {
        const { lessonId, locale, title, content } = event.payload;
        await this.putTranslation(tx, put, 'LESSON', lessonId, locale, { title, body: markdownToText(content) });
        break;
      }
    }
    await this.writeVectors((text, values) => tx.$executeRawUnsafe(text, ...values), written);
    return [...new Set(written)];
  }

  /** A translation takes its visibility, owner and facets from the original; until the original is known, nobody sees it. */
  private async putTranslation(
    tx: SearchTx,
    put: (type: SearchType, entityId: string, fields: Partial<Fields>, language?: string) => Promise<void>,
    type: SearchType,
    entityId: string,
    locale: string,
    text: { title: string; body: string },
  ): Promise<void> {
    const original = await tx.searchDocument.findUnique({ where: { id: documentId(type, entityId) } });
    await put(type, entityId, { ...text, ...inherited(original), visibility: original?.visibility ?? 'OWNER' }, locale);
  }

  /** Copies the original's visibility, owner and facets to its translations. */
  private async follow(tx: SearchTx, type: SearchType, entityId: string): Promise<string[]> {
    const original = await tx.searchDocument.findUnique({ where: { id: documentId(type, entityId) } });
    if (!original) return [];
    const translations = await tx.searchDocument.findMany({
      where: { type, entityId, language: { not: ORIGINAL } },
      select: { id: true },
    });
    if (!translations.length) return [];
    await tx.searchDocument.updateMany({
      where: { type, entityId, language: { not: ORIGINAL } },
      data: { ...inherited(original), visibility: original.visibility },
    });
    return translations.map((row) => row.id);
  }

  private async lessonsFollow(
    tx: SearchTx,
    courseId: string,
    data: { level?: string; tags?: string[]; visibility?: Visibility },
  ): Promise<string[]> {
    const lessons = await tx.searchDocument.findMany({ where: { type: 'LESSON', courseId }, select: { id: true } });
    if (lessons.length) await tx.searchDocument.updateMany({ where: { type: 'LESSON', courseId }, data });
    return lessons.map((row) => row.id);
  }

  private course(tx: SearchTx, courseId: string) {
    return tx.searchDocument.findUnique({ where: { id: documentId('COURSE', courseId) } });
  }

  /** Quizzes and webinars of a course take its owner, facets and visibility (they have no publication of their own in search). */
  private async dependentsFollow(tx: SearchTx, courseId: string): Promise<string[]> {
    const course = await this.course(tx, courseId);
    if (!course) return [];
    const where = { type: { in: DEPENDENT_TYPES }, courseId };
    const dependents = await tx.searchDocument.findMany({ where, select: { id: true } });
    if (dependents.length) await tx.searchDocument.updateMany({ where, data: followed(course) });
    return dependents.map((row) => row.id);
  }

  /** Takes an entity out of the index for good; returns the ids of its documents (the engines delete them). */
  private async remove(tx: SearchTx, type: SearchType, entityId: string): Promise<string[]> {
    await tx.removedEntity.createMany({ data: [{ type, entityId }], skipDuplicates: true });
    const documents = await tx.searchDocument.findMany({ where: { type, entityId }, select: { id: true } });
    if (documents.length) await tx.searchDocument.deleteMany({ where: { type, entityId } });
    return documents.map((row) => row.id);
  }

  private async refreshInstructorOf(tx: SearchTx, courseId: string): Promise<string[]> {
    const course = await tx.searchDocument.findUnique({
      where: { id: documentId('COURSE', courseId) },
      select: { ownerId: true },
    });
    return course?.ownerId ? this.refreshInstructor(tx, course.ownerId) : [];
  }

  /** An instructor is found once they have a published course; the titles of their courses are what they teach. */
  private async refreshInstructor(tx: SearchTx, instructorId: string): Promise<string[]> {
    const id = documentId('INSTRUCTOR', instructorId);
    if (!(await tx.searchDocument.findUnique({ where: { id }, select: { id: true } }))) return [];
    const courses = await tx.searchDocument.findMany({
      where: { type: 'COURSE', language: ORIGINAL, ownerId: instructorId, visibility: 'PUBLIC' },
      select: { title: true, tags: true },
      orderBy: { title: 'asc' },
    });
    await tx.searchDocument.update({
      where: { id },
      data: {
        body: courses.map((course) => course.title).join(' · '),
        tags: [...new Set(courses.flatMap((course) => course.tags))].sort(),
        visibility: courses.length ? 'PUBLIC' : 'OWNER',
      },
    });
    return [id];
  }

  /** The weighted tsvector of each document, as text (searchVector), in its language's configuration. */
  async writeVectors(run: (text: string, values: unknown[]) => Promise<unknown>, ids: string[] | 'all'): Promise<void> {
    if (ids !== 'all' && !ids.length) return;
    const config = `CASE WHEN language LIKE 'fr%' THEN 'french'::regconfig ELSE 'english'::regconfig END`;
    await run(
      `UPDATE ${this.table('SearchDocument')} SET "searchVector" =
         (setweight(to_tsvector(${config}, title), 'A') || setweight(to_tsvector(${config}, body), 'C'))::text
       ${ids === 'all' ? '' : 'WHERE id = ANY($1::text[])'}`,
      ids === 'all' ? [] : [ids],
    );
  }

  table(name: string): string {
    return `"${this.schema.replaceAll('"', '""')}"."${name}"`;
  }
}

/** The types whose visibility is their course's (a webinar without a course is public). */
const DEPENDENT_TYPES: SearchType[] = ['QUIZ', 'WEBINAR'];

/** What a quiz or a course's webinar takes from its course; unknown yet (events can arrive first), nobody but admins sees it. */
const followed = (course: { ownerId: string | null; level: string | null; tags: string[]; visibility: Visibility } | null) => ({
  ownerId: course?.ownerId ?? null,
  level: course?.level ?? null,
  tags: course?.tags ?? [],
  visibility: course?.visibility ?? ('OWNER' as Visibility),
});

/**
 * Serialises the events about one entity across transactions (and replicas): a quiz published while
 * its course is unpublished, or a webinar scheduled while it is cancelled, never commits a stale
 * visibility. Released at commit.
 */
const lock = (tx: SearchTx, type: SearchType, entityId: string) =>
  tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `search:${type}:${entityId}`);

/** A text field an event may carry in a later version of its contract (read when present). */
const optionalText = (payload: object, field: string): string | undefined => {
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
};

const inherited = (original: { ownerId: string | null; level: string | null; tags: string[]; courseId: string | null } | null) =>
  original ? { ownerId: original.ownerId, level: original.level, tags: original.tags, courseId: original.courseId } : {};
