-- CreateEnum
CREATE TYPE "FilePurpose" AS ENUM ('AVATAR', 'COURSE_ASSET', 'ATTACHMENT');

-- CreateEnum
CREATE TYPE "FileStatus" AS ENUM ('PENDING', 'READY', 'REJECTED');

-- DropTable
DROP TABLE "MediaItem";

-- CreateTable
CREATE TABLE "File" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "purpose" "FilePurpose" NOT NULL,
    "status" "FileStatus" NOT NULL DEFAULT 'PENDING',
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "thumbnailWidths" INTEGER[],
    "rejectionReason" TEXT,
    "completionToken" TEXT,
    "completionLeaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "File_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StorageUsage" (
    "ownerId" TEXT NOT NULL,
    "purpose" "FilePurpose" NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "StorageUsage_pkey" PRIMARY KEY ("ownerId","purpose")
);

-- CreateTable
CREATE TABLE "LessonAttachment" (
    "lessonId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "attachedBy" TEXT NOT NULL,
    "attachedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LessonAttachment_pkey" PRIMARY KEY ("lessonId","fileId")
);

-- CreateTable
CREATE TABLE "CourseReplica" (
    "id" TEXT NOT NULL,
    "instructorId" TEXT NOT NULL,

    CONSTRAINT "CourseReplica_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LessonReplica" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,

    CONSTRAINT "LessonReplica_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "File_ownerId_purpose_createdAt_idx" ON "File"("ownerId", "purpose", "createdAt");

-- CreateIndex
CREATE INDEX "File_status_createdAt_idx" ON "File"("status", "createdAt");

-- CreateIndex
CREATE INDEX "LessonAttachment_fileId_idx" ON "LessonAttachment"("fileId");

-- CreateIndex
CREATE INDEX "LessonReplica_courseId_idx" ON "LessonReplica"("courseId");

-- AddForeignKey
ALTER TABLE "LessonAttachment" ADD CONSTRAINT "LessonAttachment_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;
