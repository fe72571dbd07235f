-- CreateEnum
CREATE TYPE "AccessSource" AS ENUM ('PAYMENT', 'SEAT');

-- AlterEnum
ALTER TYPE "EnrollmentStatus" ADD VALUE 'ENDED';

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "endedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CoursePrice" (
    "courseId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CoursePrice_pkey" PRIMARY KEY ("courseId")
);

-- CreateTable
CREATE TABLE "AccessGrant" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "source" "AccessSource" NOT NULL,
    "sourceId" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AccessGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessGrant_sourceId_key" ON "AccessGrant"("sourceId");

-- CreateIndex
CREATE INDEX "AccessGrant_userId_courseId_idx" ON "AccessGrant"("userId", "courseId");
