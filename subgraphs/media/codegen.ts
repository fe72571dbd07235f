import { prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Lesson: reference,
  File: prisma('File'),
  Upload: '../services/uploads.ts#UploadTicket',
};
