/**
 * profiles' replica of media's avatar files (FILE_READY, FILE_DELETED). Setting a profile's
 * avatar locks the file's row until the profile is written, so a FILE_DELETED handled at the same
 * moment waits for it and then clears the profile: a profile never keeps a deleted avatar.
 */
import { forbidden, notFound } from '#platform/errors.ts';
import type { AvatarFile, Prisma, PrismaClient } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** media announces a completed upload right after it commits: allow its consumer that long. */
const READY_WAIT_MS = 3_000;
const WAIT_STEP_MS = 50;

export class AvatarFiles {
  constructor(private readonly db: PrismaClient) {}

  async ready(tx: Tx, file: { fileId: string; ownerId: string; publicUrl: string | null }): Promise<void> {
    // A tombstone stays one: `update` leaves a deleted file deleted.
    await tx.avatarFile.upsert({
      where: { fileId: file.fileId },
      create: { fileId: file.fileId, ownerId: file.ownerId, url: file.publicUrl },
      update: { url: file.publicUrl },
    });
  }

  async deleted(tx: Tx, file: { fileId: string; ownerId: string }, at: Date): Promise<void> {
    await tx.avatarFile.upsert({
      where: { fileId: file.fileId },
      create: { fileId: file.fileId, ownerId: file.ownerId, deletedAt: at },
      update: { deletedAt: at },
    });
    await tx.profile.updateMany({ where: { avatarFileId: file.fileId }, data: { avatarFileId: null } });
  }

  /**
   * Before the profile's transaction: the user's avatar file, once media's FILE_READY of a file
   * just completed has arrived (waiting briefly for it).
   */
  async requireOwned(userId: string, fileId: string): Promise<AvatarFile> {
    const giveUpAt = Date.now() + READY_WAIT_MS;
    let file = await this.db.avatarFile.findUnique({ where: { fileId } });
    while (!file && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      file = await this.db.avatarFile.findUnique({ where: { fileId } });
    }
    if (!file || file.deletedAt) throw notFound('Avatar file', fileId);
    if (file.ownerId !== userId) throw forbidden('This avatar file is not yours');
    return file;
  }

  /**
   * Inside the profile's transaction: locks the file's row until commit (an UPDATE that changes
   * nothing still locks), NOT_FOUND if it was deleted meanwhile.
   */
  async lockOwned(tx: Tx, userId: string, fileId: string): Promise<void> {
    const { count } = await tx.avatarFile.updateMany({
      where: { fileId, ownerId: userId, deletedAt: null },
      data: { ownerId: userId },
    });
    if (!count) throw notFound('Avatar file', fileId);
  }
}
