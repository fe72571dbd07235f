-- CreateEnum
CREATE TYPE "SlotStatus" AS ENUM ('OPEN', 'BOOKED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('CONFIRMED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CancelledBy" AS ENUM ('STUDENT', 'INSTRUCTOR', 'ADMIN');

-- DropTable
DROP TABLE "BookingsItem";

-- CreateTable
CREATE TABLE "UserTimezone" (
    "userId" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserTimezone_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Slot" (
    "id" TEXT NOT NULL,
    "instructorId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "SlotStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "instructorId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "topic" TEXT,
    "status" "BookingStatus" NOT NULL DEFAULT 'CONFIRMED',
    "meetingUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" TEXT,
    "cancelledBy" "CancelledBy",
    "cancelReason" TEXT,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Slot_instructorId_startsAt_idx" ON "Slot"("instructorId", "startsAt");

-- CreateIndex
CREATE INDEX "Booking_slotId_idx" ON "Booking"("slotId");

-- CreateIndex
CREATE INDEX "Booking_studentId_startsAt_idx" ON "Booking"("studentId", "startsAt");

-- CreateIndex
CREATE INDEX "Booking_instructorId_startsAt_idx" ON "Booking"("instructorId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_one_confirmed_per_slot" ON "Booking"("slotId") WHERE (status = 'CONFIRMED');

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What Prisma cannot express (written by hand; Prisma's diff ignores check and exclusion constraints).
-- An exclusion constraint needs one GiST index comparing the owner by equality and the times by
-- overlap. GiST compares text by equality only with the btree_gist extension, which the embedded
-- PGlite of `npm start` does not load; a range over text holding the id alone ([id, id]) has GiST
-- equality in core Postgres, on the server and on PGlite alike. Collation "C": ids compare byte by byte.
CREATE TYPE "IdRange" AS RANGE (subtype = text, collation = "C");

ALTER TABLE "Slot" ADD CONSTRAINT "Slot_window_check" CHECK ("endsAt" > "startsAt");
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_window_check" CHECK ("endsAt" > "startsAt");

-- An instructor's slots that are not CANCELLED never overlap (end = next start is fine: ranges are [start, end)).
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_no_overlap_per_instructor" EXCLUDE USING gist (
  "IdRange"("instructorId", "instructorId", '[]') WITH =,
  tsrange("startsAt", "endsAt") WITH &&
) WHERE ("status" <> 'CANCELLED');

-- A learner's CONFIRMED bookings never overlap.
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap_per_student" EXCLUDE USING gist (
  "IdRange"("studentId", "studentId", '[]') WITH =,
  tsrange("startsAt", "endsAt") WITH &&
) WHERE ("status" = 'CONFIRMED');
