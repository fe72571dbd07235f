-- CreateEnum
CREATE TYPE "XpReason" AS ENUM ('QUEST_COMPLETED', 'LESSON_COMPLETED', 'COURSE_COMPLETED');

-- CreateEnum
CREATE TYPE "BadgeRule" AS ENUM ('QUESTS_COMPLETED', 'PERFECT_QUESTS', 'STREAK_DAYS', 'LEVEL', 'COURSES_COMPLETED', 'LESSONS_COMPLETED');

-- CreateTable
CREATE TABLE "XpLedgerEntry" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" "XpReason" NOT NULL,
    "sourceEventId" TEXT NOT NULL,
    "courseId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "XpLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearnerStats" (
    "userId" TEXT NOT NULL,
    "totalXp" INTEGER NOT NULL DEFAULT 0,
    "level" INTEGER NOT NULL DEFAULT 1,
    "currentStreak" INTEGER NOT NULL DEFAULT 0,
    "longestStreak" INTEGER NOT NULL DEFAULT 0,
    "freezesLeft" INTEGER NOT NULL DEFAULT 2,
    "lastActiveDay" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "questsCompleted" INTEGER NOT NULL DEFAULT 0,
    "perfectQuests" INTEGER NOT NULL DEFAULT 0,
    "lessonsCompleted" INTEGER NOT NULL DEFAULT 0,
    "coursesCompleted" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LearnerStats_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "PerfectQuest" (
    "userId" TEXT NOT NULL,
    "questId" TEXT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PerfectQuest_pkey" PRIMARY KEY ("userId","questId")
);

-- CreateTable
CREATE TABLE "Badge" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "rule" "BadgeRule" NOT NULL,
    "threshold" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Badge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BadgeAward" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "badgeId" TEXT NOT NULL,
    "sourceEventId" TEXT NOT NULL,
    "awardedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BadgeAward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingLeaderboardUpdate" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingLeaderboardUpdate_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "XpLedgerEntry_sourceEventId_key" ON "XpLedgerEntry"("sourceEventId");

-- CreateIndex
CREATE INDEX "XpLedgerEntry_userId_occurredAt_idx" ON "XpLedgerEntry"("userId", "occurredAt");

-- CreateIndex
CREATE INDEX "XpLedgerEntry_occurredAt_userId_idx" ON "XpLedgerEntry"("occurredAt", "userId");

-- CreateIndex
CREATE INDEX "XpLedgerEntry_courseId_userId_idx" ON "XpLedgerEntry"("courseId", "userId");

-- CreateIndex
CREATE INDEX "XpLedgerEntry_createdAt_idx" ON "XpLedgerEntry"("createdAt");

-- CreateIndex
CREATE INDEX "LearnerStats_totalXp_userId_idx" ON "LearnerStats"("totalXp" DESC, "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Badge_slug_key" ON "Badge"("slug");

-- CreateIndex
CREATE INDEX "BadgeAward_userId_awardedAt_idx" ON "BadgeAward"("userId", "awardedAt");

-- CreateIndex
CREATE INDEX "BadgeAward_badgeId_idx" ON "BadgeAward"("badgeId");

-- CreateIndex
CREATE UNIQUE INDEX "BadgeAward_userId_badgeId_key" ON "BadgeAward"("userId", "badgeId");

-- CreateIndex
CREATE INDEX "PendingLeaderboardUpdate_userId_idx" ON "PendingLeaderboardUpdate"("userId");

-- CreateIndex
CREATE INDEX "PendingLeaderboardUpdate_createdAt_idx" ON "PendingLeaderboardUpdate"("createdAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_occurredAt_idx" ON "OutboxEvent"("publishedAt", "occurredAt");

-- CreateIndex
CREATE INDEX "ProcessedEvent_processedAt_idx" ON "ProcessedEvent"("processedAt");

-- AddForeignKey
ALTER TABLE "BadgeAward" ADD CONSTRAINT "BadgeAward_badgeId_fkey" FOREIGN KEY ("badgeId") REFERENCES "Badge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
