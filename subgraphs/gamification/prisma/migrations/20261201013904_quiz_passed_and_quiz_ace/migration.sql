-- AlterEnum
ALTER TYPE "BadgeRule" ADD VALUE 'QUIZ_ACES';

-- AlterEnum
ALTER TYPE "XpReason" ADD VALUE 'QUIZ_PASSED';

-- AlterTable
ALTER TABLE "LearnerStats" ADD COLUMN     "quizAces" INTEGER NOT NULL DEFAULT 0;
