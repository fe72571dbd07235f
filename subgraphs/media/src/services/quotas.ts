/**
 * Storage held per user and purpose (PENDING and READY files). Reserving is one conditional
 * update of the user's row, so concurrent uploads cannot exceed the quota together: Postgres
 * re-checks the condition on the row a concurrent reservation just changed.
 */
import { AppError, ErrorCode } from '#platform/errors.ts';
import type { MediaTx } from '../db.ts';
import type { FilePurpose } from '../generated/prisma/client.ts';

export const fileTooLarge = (maxBytes: number) =>
  new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `A file for this purpose may hold at most ${maxBytes} bytes`, {
    reason: 'FILE_TOO_LARGE',
    limitBytes: maxBytes,
  });

export const quotaExceeded = (quotaBytes: number, usedBytes: number) =>
  new AppError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `This upload would exceed your storage quota (${usedBytes} of ${quotaBytes} bytes used)`,
    {
      reason: 'QUOTA_EXCEEDED',
      limitBytes: quotaBytes,
      usedBytes,
    },
  );

export class Quotas {
  async reserve(tx: MediaTx, ownerId: string, purpose: FilePurpose, bytes: number, quotaBytes: number): Promise<void> {
    await tx.storageUsage.createMany({ data: [{ ownerId, purpose }], skipDuplicates: true });
    const { count } = await tx.storageUsage.updateMany({
      where: { ownerId, purpose, bytes: { lte: BigInt(quotaBytes - bytes) } },
      data: { bytes: { increment: BigInt(bytes) } },
    });
    if (count === 0) {
      const usage = await tx.storageUsage.findUnique({ where: { ownerId_purpose: { ownerId, purpose } } });
      throw quotaExceeded(quotaBytes, Number(usage?.bytes ?? 0));
    }
  }

  /** A size change (a re-encoded avatar) or a release (negative: a file rejected, swept or deleted). */
  async adjust(tx: MediaTx, ownerId: string, purpose: FilePurpose, delta: number): Promise<void> {
    if (delta === 0) return;
    await tx.storageUsage.updateMany({ where: { ownerId, purpose }, data: { bytes: { increment: BigInt(delta) } } });
  }
}
