import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient } from './generated/prisma/client.ts';

export type ProfilesDb = PrismaClient;

export const createProfilesDb = (adapter: SqlDriverAdapterFactory): ProfilesDb => new PrismaClient({ adapter });
