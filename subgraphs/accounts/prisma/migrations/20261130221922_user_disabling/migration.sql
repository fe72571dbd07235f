-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SecurityEventKind" ADD VALUE 'USER_DISABLED';
ALTER TYPE "SecurityEventKind" ADD VALUE 'USER_ENABLED';

-- AlterEnum
ALTER TYPE "SessionEndReason" ADD VALUE 'USER_DISABLED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMP(3);
