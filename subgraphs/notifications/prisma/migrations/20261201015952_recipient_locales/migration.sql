-- CreateTable
CREATE TABLE "UserLocale" (
    "userId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserLocale_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "MessageOverride" (
    "locale" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageOverride_pkey" PRIMARY KEY ("locale","namespace","key")
);
