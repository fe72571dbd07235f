/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { AssistantServices } from './services/index.ts';

export const createAssistantLoaders = ({ conversations, templates }: AssistantServices) => ({
  conversation: new DataLoader(byId((ids) => conversations.conversationsByIds(ids))),
  answer: new DataLoader(byId((ids) => conversations.answersByIds(ids))),
  templateVersions: new DataLoader(async (ids: readonly string[]) => {
    const rows = await templates.versionsOf(ids);
    return ids.map((id) => rows.filter((row) => row.templateId === id));
  }),
});
