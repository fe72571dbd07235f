-- CreateEnum
CREATE TYPE "EmailCategory" AS ENUM ('ACCOUNT', 'ANNOUNCEMENTS', 'BOOKINGS', 'MESSAGES', 'WEBINARS');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'ANNOUNCEMENT';

-- DropIndex
DROP INDEX "Notification_sourceEventId_key";

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "conversationId" TEXT;

-- CreateTable
CREATE TABLE "EmailPreference" (
    "userId" TEXT NOT NULL,
    "category" "EmailCategory" NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailPreference_pkey" PRIMARY KEY ("userId","category")
);

-- CreateTable
CREATE TABLE "CourseEnrollment" (
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseEnrollment_pkey" PRIMARY KEY ("userId","courseId")
);

-- CreateIndex
CREATE INDEX "CourseEnrollment_courseId_active_idx" ON "CourseEnrollment"("courseId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_sourceEventId_userId_key" ON "Notification"("sourceEventId", "userId");
