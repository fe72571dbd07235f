import { mustLoad } from '#platform/graphql/loaders.ts';
import type { CertificateResolvers } from '../generated/graphql.ts';
import { certificateStatus } from '../services/certificates.ts';

export const Certificate: CertificateResolvers = {
  // By id (other subgraphs' references): its holder and admins only; the code is the public handle.
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const certificate = await loaders.certificate.load(id);
    return certificate && viewer && (certificate.userId === viewer.userId || viewer.roles.includes('ADMIN')) ? certificate : null;
  },
  // The course as it is now, even unpublished since: a certificate always names its course.
  course: ({ courseId }, _args, { loaders }) => mustLoad(loaders.course, courseId, 'Course'),
  user: ({ userId }) => ({ id: userId }),
  status: (certificate) => certificateStatus(certificate),
  pdfUrl: ({ code }, _args, { services }) => services.certificates.links.pdfUrl(code),
  verifyUrl: ({ code }, _args, { services }) => services.certificates.links.verifyUrl(code),
};
