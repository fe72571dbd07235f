-- Generated from rover.yaml by `npm run generate`: do not edit.
-- One database per subgraph (DATABASE_URL names the base, doctorpy). The subgraphs create a
-- missing database themselves too; this keeps a fresh volume ready before they start.
CREATE DATABASE "doctorpy_accounts";
CREATE DATABASE "doctorpy_profiles";
CREATE DATABASE "doctorpy_courses";
CREATE DATABASE "doctorpy_quests";
CREATE DATABASE "doctorpy_gamification";
CREATE DATABASE "doctorpy_analytics";
CREATE DATABASE "doctorpy_notifications";
CREATE DATABASE "doctorpy_quizzes";
CREATE DATABASE "doctorpy_payments";
CREATE DATABASE "doctorpy_sponsors";
CREATE DATABASE "doctorpy_i18n";
CREATE DATABASE "doctorpy_search";
CREATE DATABASE "doctorpy_assistant";
CREATE DATABASE "doctorpy_media";
CREATE DATABASE "doctorpy_messaging";
CREATE DATABASE "doctorpy_bookings";
CREATE DATABASE "doctorpy_webinars";
