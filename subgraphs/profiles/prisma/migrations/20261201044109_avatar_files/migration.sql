-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "avatarFileId" TEXT;

-- CreateTable
CREATE TABLE "AvatarFile" (
    "fileId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "url" TEXT,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "AvatarFile_pkey" PRIMARY KEY ("fileId")
);

-- CreateIndex
CREATE INDEX "Profile_avatarFileId_idx" ON "Profile"("avatarFileId");

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_avatarFileId_fkey" FOREIGN KEY ("avatarFileId") REFERENCES "AvatarFile"("fileId") ON DELETE SET NULL ON UPDATE CASCADE;
