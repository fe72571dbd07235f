-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SearchType" ADD VALUE 'QUIZ';
ALTER TYPE "SearchType" ADD VALUE 'WEBINAR';

-- CreateTable
CREATE TABLE "RemovedEntity" (
    "type" "SearchType" NOT NULL,
    "entityId" TEXT NOT NULL,
    "removedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemovedEntity_pkey" PRIMARY KEY ("type","entityId")
);
