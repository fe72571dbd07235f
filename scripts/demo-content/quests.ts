/**
 * Demo quests: Python practice written as YAML under ./quests (one file per quest, named after its
 * slug), created through the gateway the way an instructor would. Idempotent: a quest whose slug
 * exists is left alone. Quests that name a course are linked to it, so the courses go first.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlItems } from './yaml-files.ts';
import { graphqlData, graphqlRequest } from '#platform/graphql/client.ts';

export const QUESTS_DIR = join(import.meta.dirname, 'quests');

const questStep = z.strictObject({
  prompt: z.string().min(1),
  kind: z.enum(['MULTIPLE_CHOICE', 'CODE', 'TEXT', 'NUMERIC']),
  choices: z.array(z.string()).optional(),
  acceptedAnswers: z.array(z.string()).min(1),
  hint: z.string().optional(),
});

export const questFile = z.strictObject({
  slug: z.string().regex(/^[a-z][a-z0-9_]{2,79}$/),
  title: z.string().min(3),
  description: z.string().min(10),
  category: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  difficulty: z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']),
  xpReward: z.number().int().min(50).max(200),
  estimatedMinutes: z.number().int().min(1).max(120),
  /** The slug of the course the quest practises. */
  course: z.enum(['python-basics', 'python-data-structures', 'python-functions']).optional(),
  steps: z.array(questStep).min(3).max(5),
});
export type QuestFile = z.infer<typeof questFile>;

/** Every demo quest, in file name order; a file must be named `<slug>.yaml`. */
export function readDemoQuests(directory = QUESTS_DIR): QuestFile[] {
  return readYamlItems(directory, questFile, { field: 'slug', of: (item) => item.slug });
}

const EXISTS = 'query QuestExists($slug: String) { quest(slug: $slug) { id } }';
const COURSE = 'query CourseBySlug($slug: String) { course(slug: $slug) { id } }';
const CREATE = 'mutation CreateQuest($input: CreateQuestInput!) { createQuest(input: $input) { slug } }';

type Lookup = { errors?: Array<{ extensions?: Record<string, unknown> }> };
const isNotFound = (result: Lookup) => result.errors?.length === 1 && result.errors[0]?.extensions?.code === 'NOT_FOUND';

/** Creates the demo quests that do not exist yet; returns their slugs. */
export async function seedDemoQuests(gatewayUrl: string, instructorToken: string): Promise<string[]> {
  const created: string[] = [];
  const courseIds = new Map<string, string>();
  const courseIdOf = async (slug: string) => {
    if (!courseIds.has(slug)) {
      const { course } = await graphqlData<{ course: { id: string } }>(
        gatewayUrl,
        COURSE,
        { slug },
        { token: instructorToken },
      ).catch((error: unknown) => {
        throw new Error(`Course ${slug} is missing: seed the demo courses before the quests (${String(error)})`);
      });
      courseIds.set(slug, course.id);
    }
    return courseIds.get(slug)!;
  };

  for (const { course, ...quest } of readDemoQuests()) {
    const exists = await graphqlRequest<{ quest: { id: string } | null }>(gatewayUrl, EXISTS, { slug: quest.slug });
    if (exists.data?.quest) continue;
    if (!isNotFound(exists)) throw new Error(`Could not look up quest ${quest.slug}: ${JSON.stringify(exists.errors ?? exists)}`);
    const input = { ...quest, courseId: course ? await courseIdOf(course) : null };
    await graphqlData(gatewayUrl, CREATE, { input }, { token: instructorToken });
    created.push(quest.slug);
  }
  return created;
}
