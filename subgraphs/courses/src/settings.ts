/**
 * The courses subgraph's own settings, validated when it starts. `compose` (zod metadata) is what
 * docker-compose.yml passes to the courses container from the host's .env.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { optional, positiveInt, url } from '#platform/env.ts';

export const settings = z.object({
  // Where people reach the platform (the gateway): certificates' verification and PDF links, and
  // the QR code printed on each PDF, point there. The same setting as payments'.
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:4000').meta({ compose: '${PUBLIC_URL:-http://localhost:4000}' }),
  // A TrueType font embedded in certificate PDFs, for names beyond Western European letters;
  // without it the standard Helvetica is used (nothing embedded).
  CERTIFICATE_FONT: optional(
    z
      .string()
      .regex(/\.(ttf|otf)$/i, 'must be a .ttf or .otf file')
      .refine((path) => existsSync(path), 'no such file'),
  ).meta({ compose: '${CERTIFICATE_FONT:-}' }),
  // Requests per minute and client address to the public certificate pages and PDFs.
  CERTIFICATE_REQUESTS_PER_MINUTE: positiveInt.max(100_000).default(120),
});

export type CoursesSettings = z.infer<typeof settings>;
