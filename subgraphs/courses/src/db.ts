import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient } from './generated/prisma/client.ts';

export type CoursesDb = PrismaClient;

export const createCoursesDb = (adapter: SqlDriverAdapterFactory): CoursesDb => new PrismaClient({ adapter });
