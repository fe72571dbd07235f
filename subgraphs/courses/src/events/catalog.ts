/** The events courses owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';
import { CourseLevel, CourseStatus } from '../generated/prisma/enums.ts';

const id = entityId();
const percent = z.number().int().min(0).max(100);
const coursePublishedV1 = z.object({ courseId: id, instructorId: id, title: z.string(), slug: z.string() });
const level = z.enum(CourseLevel);
const tags = z.array(z.string()).describe('Lower-case.');

/** A lesson of a published course as an index needs it: its text and where it sits. */
const publishedLesson = z.object({
  lessonId: id,
  courseId: id,
  moduleId: id,
  moduleTitle: z.string(),
  title: z.string(),
  content: z.string().describe('Markdown.'),
  position: z.number().int().min(1).describe('1-based order within the module.'),
  modulePosition: z.number().int().min(1).describe('1-based order of the module within the course.'),
  courseTitle: z.string(),
  courseSlug: z.string(),
  level,
  tags,
});

export default defineEvents({
  COURSE_CREATED: {
    description: 'An instructor created a course (a draft): who owns it, for subgraphs that authorize its authors.',
    payload: z.object({ courseId: id, instructorId: id, title: z.string(), slug: z.string() }),
  },
  LESSON_ADDED: {
    description: 'A lesson was added to a module of a course (draft or published).',
    payload: z.object({ lessonId: id, courseId: id, moduleId: id, title: z.string() }),
  },
  COURSE_PUBLISHED: {
    description: 'A course became public (first publication only).',
    versions: {
      1: { payload: coursePublishedV1 },
      // v2 describes the course, so that a search index or an assistant can take it in without
      // querying courses. A v1 event still in the stream reaches consumers with these unknown.
      2: {
        payload: coursePublishedV1.extend({
          description: z.string().nullable().describe('Null when the event was published as v1.'),
          level: z.enum(CourseLevel).nullable().describe('Null when the event was published as v1.'),
          tags: z.array(z.string()).describe('Lower-case; empty when the event was published as v1.'),
        }),
        upgrade: { add: { description: null, level: null, tags: [] } },
      },
    },
  },
  COURSE_UPDATED: {
    description:
      "A published course's title, description, level or tags changed, or the course was published again after being unpublished.",
    payload: z.object({
      courseId: id,
      title: z.string(),
      slug: z.string(),
      description: z.string(),
      level,
      tags,
      status: z.enum(CourseStatus),
    }),
  },
  COURSE_UNPUBLISHED: {
    description: 'A published course went back to DRAFT: indexes drop it and its lessons until it is published again.',
    payload: z.object({ courseId: id }),
  },
  LESSON_PUBLISHED: {
    description:
      'A lesson became public: staged for every lesson when its course is published (again), and for a lesson added to a published course.',
    payload: publishedLesson,
  },
  LESSON_UPDATED: {
    description: 'A lesson of a published course was edited: the whole lesson as it now is.',
    payload: publishedLesson,
  },
  ENROLLMENT_CREATED: {
    description: 'A learner enrolled in a course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id }),
  },
  ENROLLMENT_ENDED: {
    description: 'An enrollment ended (the order that bought the course was refunded): the learner no longer has the course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, reason: z.enum(['REFUNDED']) }),
  },
  ACCESS_GRANTED: {
    description:
      'courses gave a learner a course bought (PAYMENT, sourceId = order id) or sponsored (SEAT, sourceId = seat redemption id): the enrollment exists and is active.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, source: z.enum(['PAYMENT', 'SEAT']), sourceId: id }),
  },
  LESSON_COMPLETED: {
    description: 'A learner completed a lesson for the first time.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, lessonId: id, progressPercent: percent }),
  },
  COURSE_COMPLETED: {
    description: 'A learner completed a course: every lesson done and every required quiz passed (once, whichever came last).',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, courseTitle: z.string() }),
  },
  CERTIFICATE_ISSUED: {
    description:
      'courses issued the certificate of a completed enrollment (once per enrollment): its public code and links, for notifications or a profile page.',
    payload: z.object({
      certificateId: id,
      enrollmentId: id,
      userId: id,
      courseId: id,
      courseTitle: z.string(),
      code: z.string().describe('XXXX-XXXX-XXXX: anyone with it may verify the certificate.'),
      verifyUrl: z.string().describe('The public verification page.'),
      pdfUrl: z.string(),
      issuedAt: z.iso.datetime(),
    }),
  },
  CERTIFICATE_REVOKED: {
    description: 'A certificate was revoked (its enrollment ended by a refund): verification shows it as REVOKED from now on.',
    payload: z.object({
      certificateId: id,
      enrollmentId: id,
      userId: id,
      courseId: id,
      reason: z.enum(['REFUNDED']),
      revokedAt: z.iso.datetime(),
    }),
  },
});
