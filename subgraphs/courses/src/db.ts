/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { PrismaClient } from './generated/prisma/client.ts';

export type CoursesDb = PrismaClient;
