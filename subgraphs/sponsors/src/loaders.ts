/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId, groupedBy } from '#platform/graphql/loaders.ts';
import type { SponsorsServices } from './services/index.ts';

export const createSponsorsLoaders = ({ sponsors }: SponsorsServices) => ({
  sponsor: new DataLoader(byId((ids) => sponsors.sponsorsByIds(ids))),
  sponsorshipsBySponsor: new DataLoader(
    groupedBy(
      (ids) => sponsors.sponsorshipsBySponsors(ids),
      (sponsorship) => sponsorship.sponsorId,
    ),
  ),
  sponsorshipsByCourse: new DataLoader(
    groupedBy(
      (ids) => sponsors.sponsorsByCourses(ids),
      (sponsorship) => sponsorship.courseId,
    ),
  ),
});
