-- CreateTable
CREATE TABLE "CourseQuiz" (
    "quizId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseQuiz_pkey" PRIMARY KEY ("quizId")
);

-- CreateTable
CREATE TABLE "QuizPass" (
    "userId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "passedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuizPass_pkey" PRIMARY KEY ("userId","quizId")
);

-- CreateIndex
CREATE INDEX "CourseQuiz_courseId_required_idx" ON "CourseQuiz"("courseId", "required");
