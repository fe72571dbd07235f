import { prisma } from '../../codegen.ts';

export const mappers = { User: prisma('User'), SecurityEvent: prisma('SecurityEvent') };
