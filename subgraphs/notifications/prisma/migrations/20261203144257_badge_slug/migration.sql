-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "badgeSlug" TEXT;
