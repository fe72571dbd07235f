/** Per-request DataLoaders: a list of conversations costs the same statements for 5 as for 50. */
import DataLoader from 'dataloader';
import { byId, byKey, groupedBy } from '#platform/graphql/loaders.ts';
import type { MessagingServices } from './services/index.ts';

/** The key of a membership: conversation and user. */
export const membershipKey = (conversationId: string, userId: string) => `${conversationId}\u0000${userId}`;

export const createMessagingLoaders = ({ conversations, messages, courses }: MessagingServices) => ({
  conversation: new DataLoader(byId((ids) => conversations.byIds(ids))),
  message: new DataLoader(byId((ids) => messages.byIds(ids))),
  course: new DataLoader(byId((ids) => courses.coursesByIds(ids))),
  membership: new DataLoader(
    byKey(
      (keys) => conversations.memberships(keys),
      (row) => membershipKey(row.conversationId, row.userId),
    ),
  ),
  memberIds: new DataLoader(async (ids: readonly string[]) =>
    (
      await groupedBy(
        (keys) => conversations.membersOf(keys),
        (row) => row.conversationId,
      )(ids)
    ).map((rows) => rows.map((row) => row.userId)),
  ),
});

export type MessagingLoaders = ReturnType<typeof createMessagingLoaders>;
