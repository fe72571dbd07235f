import { requireViewer } from '#platform/auth/viewer.ts';
import { mustLoad } from '#platform/graphql/loaders.ts';
import type { Resolvers } from '../generated/graphql.ts';

const TIERS = ['GOLD', 'SILVER', 'BRONZE'];

export const resolvers: Resolvers = {
  Query: {
    sponsors: (_parent, _args, { services }) => services.sponsors.all(),
    sponsorReport: (_parent, { sponsorshipId }, { services }) => services.reports.report(sponsorshipId),
  },
  Mutation: {
    createSponsor: (_parent, { input }, { services }) => services.sponsors.createSponsor(input),
    createSponsorship: (_parent, { input }, { services }) => services.sponsors.createSponsorship(input),
    redeemSponsorship: (_parent, { code }, { services, viewer }) => services.redemptions.redeem(requireViewer(viewer), code),
  },
  Sponsor: {
    __resolveReference: async ({ id }, { loaders }) => (await loaders.sponsor.load(id)) ?? null,
    sponsorships: ({ id }, _args, { loaders }) => loaders.sponsorshipsBySponsor.load(id),
  },
  Sponsorship: {
    sponsor: ({ sponsorId }, _args, { loaders }) => mustLoad(loaders.sponsor, sponsorId, 'Sponsor'),
    course: ({ courseId }) => ({ id: courseId }),
  },
  Course: {
    __resolveReference: ({ id }) => ({ id }),
    sponsors: async ({ id }, _args, { loaders }) => {
      const sponsorships = await loaders.sponsorshipsByCourse.load(id);
      const unique = new Map(sponsorships.map((sponsorship) => [sponsorship.sponsor.id, sponsorship.sponsor]));
      return [...unique.values()].sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.name.localeCompare(b.name));
    },
  },
};
