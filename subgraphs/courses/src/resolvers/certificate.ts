import type { CertificateResolvers } from '../generated/graphql.ts';
import { canSee } from '../services/access.ts';
import { certificateStatus } from '../services/certificates.ts';

export const Certificate: CertificateResolvers = {
  // By id (other subgraphs' references): its holder and admins only; the code is the public handle.
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const certificate = await loaders.certificate.load(id);
    return certificate && viewer && (certificate.userId === viewer.userId || viewer.roles.includes('ADMIN')) ? certificate : null;
  },
  // The course as it is now, only for whoever may see it: a public code must not open a course
  // that went back to draft (courseTitle, frozen at issue, names it for everyone).
  course: async ({ courseId }, _args, { loaders, viewer }) => {
    const course = await loaders.course.load(courseId);
    return course && canSee(course, viewer) ? course : null;
  },
  user: ({ userId }) => ({ id: userId }),
  status: (certificate) => certificateStatus(certificate),
  pdfUrl: ({ code }, _args, { services }) => services.certificates.links.pdfUrl(code),
  verifyUrl: ({ code }, _args, { services }) => services.certificates.links.verifyUrl(code),
};
