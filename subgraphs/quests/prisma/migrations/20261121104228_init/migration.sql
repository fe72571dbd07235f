-- CreateEnum
CREATE TYPE "QuestDifficulty" AS ENUM ('BEGINNER', 'INTERMEDIATE', 'ADVANCED');

-- CreateEnum
CREATE TYPE "StepKind" AS ENUM ('MULTIPLE_CHOICE', 'CODE', 'TEXT', 'NUMERIC');

-- CreateEnum
CREATE TYPE "QuestProgressStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateTable
CREATE TABLE "Quest" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "difficulty" "QuestDifficulty" NOT NULL,
    "xpReward" INTEGER NOT NULL,
    "estimatedMinutes" INTEGER NOT NULL,
    "authorId" TEXT NOT NULL,
    "courseId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Quest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestStep" (
    "id" TEXT NOT NULL,
    "questId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "StepKind" NOT NULL,
    "prompt" TEXT NOT NULL,
    "choices" TEXT[],
    "acceptedAnswers" TEXT[],
    "hint" TEXT,

    CONSTRAINT "QuestStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestProgress" (
    "id" TEXT NOT NULL,
    "questId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "QuestProgressStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "score" INTEGER,
    "xpAwarded" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAnswerAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "activeKey" TEXT,

    CONSTRAINT "QuestProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepAnswer" (
    "id" TEXT NOT NULL,
    "progressId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StepAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "correlationId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "consumer" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("consumer","eventId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Quest_slug_key" ON "Quest"("slug");

-- CreateIndex
CREATE INDEX "Quest_category_difficulty_title_id_idx" ON "Quest"("category", "difficulty", "title", "id");

-- CreateIndex
CREATE INDEX "Quest_courseId_idx" ON "Quest"("courseId");

-- CreateIndex
CREATE INDEX "Quest_authorId_idx" ON "Quest"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "QuestStep_questId_position_key" ON "QuestStep"("questId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "QuestProgress_activeKey_key" ON "QuestProgress"("activeKey");

-- CreateIndex
CREATE INDEX "QuestProgress_userId_startedAt_idx" ON "QuestProgress"("userId", "startedAt");

-- CreateIndex
CREATE INDEX "QuestProgress_questId_userId_status_idx" ON "QuestProgress"("questId", "userId", "status");

-- CreateIndex
CREATE INDEX "StepAnswer_progressId_createdAt_idx" ON "StepAnswer"("progressId", "createdAt");

-- CreateIndex
CREATE INDEX "StepAnswer_stepId_idx" ON "StepAnswer"("stepId");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_occurredAt_idx" ON "OutboxEvent"("publishedAt", "occurredAt");

-- CreateIndex
CREATE INDEX "ProcessedEvent_processedAt_idx" ON "ProcessedEvent"("processedAt");

-- AddForeignKey
ALTER TABLE "QuestStep" ADD CONSTRAINT "QuestStep_questId_fkey" FOREIGN KEY ("questId") REFERENCES "Quest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestProgress" ADD CONSTRAINT "QuestProgress_questId_fkey" FOREIGN KEY ("questId") REFERENCES "Quest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepAnswer" ADD CONSTRAINT "StepAnswer_progressId_fkey" FOREIGN KEY ("progressId") REFERENCES "QuestProgress"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepAnswer" ADD CONSTRAINT "StepAnswer_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "QuestStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;
