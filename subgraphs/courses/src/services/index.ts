import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { CoursesDb } from '../db.ts';
import type { CoursesSettings } from '../settings.ts';
import { Authoring } from './authoring.ts';
import { Catalog } from './catalog.ts';
import { CertificatePdf } from './certificate-pdf.ts';
import { CertificateLinks, Certificates } from './certificates.ts';
import { CourseAccess } from './course-access.ts';
import { Enrollments } from './enrollments.ts';
import { QuizGates } from './quiz-gates.ts';
import { RequestLimit } from './request-limit.ts';

export const createCoursesServices = ({ db, events, runtime, settings }: SubgraphDeps<CoursesDb, CoursesSettings>) => {
  const certificates = new Certificates(db, events, new CertificateLinks(settings.PUBLIC_URL));
  const courseAccess = new CourseAccess(db, events, certificates);
  return {
    catalog: new Catalog(db),
    authoring: new Authoring(db, events),
    enrollments: new Enrollments(db, events, courseAccess),
    courseAccess,
    quizGates: new QuizGates(events),
    certificates,
    certificatePdf: new CertificatePdf(settings.CERTIFICATE_FONT),
    certificateRequests: new RequestLimit(runtime, 'certificate-requests', settings.CERTIFICATE_REQUESTS_PER_MINUTE),
  };
};

export type CoursesServices = ReturnType<typeof createCoursesServices>;
