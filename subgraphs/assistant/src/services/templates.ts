/** Prompt templates: the built-in ones written at start, admins' changes as new versions. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { AssistantDb } from '../db.ts';
import type { Template } from '../generated/prisma/client.ts';
import { DEFAULT_TEMPLATES, REQUIRED_PLACEHOLDERS } from '../rules/templates.ts';

const templateId = z.string().trim().min(1).max(100);
const update = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').nullish(),
    description: z.string().trim().min(1, 'must not be empty').max(1_000, 'must be at most 1000 characters').nullish(),
    prompt: z
      .string()
      .trim()
      .min(20, 'must be at least 20 characters')
      .max(8_000, 'must be at most 8000 characters')
      .refine((prompt) => REQUIRED_PLACEHOLDERS.every((placeholder) => prompt.includes(placeholder)), {
        message: `must keep ${REQUIRED_PLACEHOLDERS.join(' and ')}`,
      })
      .nullish(),
  })
  .refine((input) => input.name || input.description || input.prompt, 'change at least one of name, description and prompt');

/** Templates change rarely and are read on every question: each process keeps them a few seconds. */
const FRESH_MS = 5_000;

export class Templates {
  private cached: { at: number; templates: Template[] } | undefined;

  constructor(private readonly db: AssistantDb) {}

  /** Writes the built-in templates that are missing (a restart or a second replica changes nothing). */
  async install(): Promise<void> {
    await this.db.template.createMany({
      data: DEFAULT_TEMPLATES.map(({ id, name, queryType, audience, description, prompt }) => ({
        id,
        name,
        queryType,
        audience,
        description,
        prompt,
      })),
      skipDuplicates: true,
    });
    await this.db.templateVersion.createMany({
      data: DEFAULT_TEMPLATES.map(({ id, description, prompt }) => ({ templateId: id, version: 1, description, prompt })),
      skipDuplicates: true,
    });
  }

  async all(): Promise<Template[]> {
    if (this.cached && Date.now() - this.cached.at < FRESH_MS) return this.cached.templates;
    const templates = await this.db.template.findMany({ orderBy: [{ queryType: 'asc' }, { audience: 'asc' }] });
    this.cached = { at: Date.now(), templates };
    return templates;
  }

  versionsOf(templateIds: readonly string[]) {
    return this.db.templateVersion.findMany({
      where: { templateId: { in: [...templateIds] } },
      orderBy: [{ templateId: 'asc' }, { version: 'desc' }],
    });
  }

  /** A new version: the version number moves in the same statement, so two admins never write the same one. */
  async update(viewer: Viewer, rawId: unknown, raw: unknown): Promise<Template> {
    const id = parseInput(templateId, rawId);
    const input = parseInput(update, raw);
    const updated = await this.db.$transaction(async (tx) => {
      const current = await tx.template.findUnique({ where: { id } });
      if (!current) throw notFound('AssistantTemplate', id);
      const template = await tx.template.update({
        where: { id },
        data: {
          ...(input.name ? { name: input.name } : {}),
          ...(input.description ? { description: input.description } : {}),
          ...(input.prompt ? { prompt: input.prompt } : {}),
          version: { increment: 1 },
        },
      });
      await tx.templateVersion.create({
        data: {
          templateId: id,
          version: template.version,
          description: template.description,
          prompt: template.prompt,
          authorId: viewer.userId,
        },
      });
      return template;
    });
    this.cached = undefined;
    return updated;
  }
}
