/**
 * Which GraphQL types each domain event changes: a cached response that read one of them is
 * stale once the event is heard. Typed by the event catalog, so a new event does not compile
 * until someone decides what it invalidates (an empty list: nothing a response shows). The type
 * names are checked against the composed supergraph (invalidations.test.ts).
 *
 * Lists and counts are types too: a response reading only `courses { totalCount }` is tagged
 * CourseConnection, not Course, hence the connections next to their entities.
 */
import type { EventName } from '#platform/events/catalog.ts';

const COURSE_CATALOG = ['Course', 'CourseConnection', 'Module', 'Lesson', 'User'] as const;

export const INVALIDATIONS: Readonly<Record<EventName, readonly string[]>> = {
  // accounts, profiles
  USER_REGISTERED: ['User', 'UserConnection'],
  USER_AUTHENTICATED: [],
  PROFILE_UPDATED: ['Profile', 'User'],
  // courses
  COURSE_CREATED: ['Course', 'CourseConnection', 'User'],
  LESSON_ADDED: ['Lesson', 'Module', 'Course'],
  COURSE_PUBLISHED: COURSE_CATALOG,
  COURSE_UPDATED: ['Course', 'CourseConnection'],
  COURSE_UNPUBLISHED: COURSE_CATALOG,
  LESSON_PUBLISHED: ['Lesson', 'Module', 'Course'],
  LESSON_UPDATED: ['Lesson', 'Course'],
  ENROLLMENT_CREATED: ['Enrollment', 'Course', 'User'],
  ENROLLMENT_ENDED: ['Enrollment', 'Course', 'User'],
  ACCESS_GRANTED: ['Enrollment', 'Course'],
  LESSON_COMPLETED: ['Enrollment'],
  COURSE_COMPLETED: ['Enrollment', 'Certificate'],
  CERTIFICATE_ISSUED: ['Certificate', 'Enrollment', 'User'],
  CERTIFICATE_REVOKED: ['Certificate', 'Enrollment', 'User'],
  // quests, gamification
  QUEST_CREATED: ['Quest', 'QuestConnection', 'QuestStep', 'Course', 'User'],
  QUEST_STARTED: ['QuestProgress', 'User'],
  QUEST_COMPLETED: ['QuestProgress', 'QuestCompletion', 'User'],
  XP_AWARDED: ['User', 'LeaderboardEntry'],
  LEVEL_REACHED: ['User'],
  ACHIEVEMENT_UNLOCKED: ['User', 'Badge'],
  // notifications, messaging
  NOTIFICATION_CREATED: ['Notification', 'NotificationConnection'],
  EMAIL_PREFERENCE_CHANGED: ['EmailPreference', 'NotificationPreference'],
  MESSAGE_SENT: ['Conversation', 'ConversationConnection', 'ConversationMessage', 'ConversationMessageConnection'],
  ANNOUNCEMENT_POSTED: ['Conversation', 'ConversationConnection', 'ConversationMessage', 'ConversationMessageConnection'],
  EMAIL_UNSUBSCRIBED: ['EmailPreference', 'NotificationPreference'],
  // quizzes
  QUIZ_PUBLISHED: ['Quiz', 'Course', 'Lesson'],
  QUIZ_STARTED: ['QuizAttempt'],
  QUIZ_SUBMITTED: ['QuizAttempt', 'QuizResults', 'Quiz'],
  QUIZ_PASSED: ['QuizAttempt', 'Enrollment'],
  // payments, sponsors
  COURSE_PRICE_SET: ['Course', 'Money'],
  PAYMENT_SUCCEEDED: ['Order', 'OrderConnection', 'Enrollment'],
  ORDER_REFUNDED: ['Order', 'OrderConnection', 'Enrollment'],
  SEAT_REDEEMED: ['Sponsorship', 'SponsorReport'],
  // i18n, assistant, media
  MESSAGE_UPDATED: ['Message'],
  COURSE_TRANSLATED: ['Course', 'CourseTranslation'],
  LESSON_TRANSLATED: ['Lesson', 'LessonTranslation'],
  RAG_QUERY_PROCESSED: ['AssistantStats', 'AssistantUsage'],
  FILE_READY: ['File', 'FileConnection', 'Profile', 'Lesson'],
  FILE_DELETED: ['File', 'FileConnection', 'Profile', 'Lesson'],
  // bookings, webinars
  BOOKING_CONFIRMED: ['Booking', 'Slot'],
  BOOKING_CANCELLED: ['Booking', 'Slot'],
  WEBINAR_SCHEDULED: ['Webinar', 'WebinarConnection'],
  WEBINAR_STATUS_CHANGED: ['Webinar', 'WebinarConnection'],
  WEBINAR_REGISTERED: ['Webinar', 'WebinarRegistration'],
  WEBINAR_REGISTRATION_CANCELLED: ['Webinar', 'WebinarRegistration'],
  WEBINAR_ATTENDED: ['Webinar', 'WebinarRegistration'],
};
