/** Who may talk to whom, and what a message may hold: pure, so the rules are unit-tested. */
import { z } from 'zod';

/** Roles that may start a conversation with anyone (accounts' Role names). */
export const STAFF_ROLES = ['ADMIN'];

export const MAX_BODY = 5_000;
export const MAX_TITLE = 200;
/** What ANNOUNCEMENT_POSTED carries of an announcement's body. */
export const EXCERPT_LENGTH = 280;

// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// oxlint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;

/** A message body: trimmed, 1 to 5000 characters, line breaks and tabs allowed, other control characters not. */
export const messageBody = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_BODY, `must be at most ${MAX_BODY} characters`)
  .refine((text) => !CONTROL_IN_TEXT.test(text), 'must not contain control characters');

/** An announcement's title: one line. */
export const announcementTitle = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TITLE, `must be at most ${MAX_TITLE} characters`)
  .refine((text) => !CONTROL_IN_LINE.test(text), 'must be one line without control characters');

/** The key of a direct conversation: the same for (a, b) and (b, a). */
export const pairKey = (a: string, b: string): string => [a, b].sort().join(':');

export interface DirectRequest {
  viewerId: string;
  viewerRoles: readonly string[];
  otherId: string;
  /** The viewer is enrolled in a course the other user teaches. */
  viewerLearnsFromOther: boolean;
  /** The other user is enrolled in a course the viewer teaches. */
  otherLearnsFromViewer: boolean;
}

export type DirectVerdict = 'ALLOWED' | 'SELF' | 'STRANGERS';

/** Staff talk to anyone; otherwise a learner and the instructor of one of their courses, either way. */
export function directVerdict(request: DirectRequest): DirectVerdict {
  if (request.viewerId === request.otherId) return 'SELF';
  if (request.viewerRoles.some((role) => STAFF_ROLES.includes(role))) return 'ALLOWED';
  return request.viewerLearnsFromOther || request.otherLearnsFromViewer ? 'ALLOWED' : 'STRANGERS';
}

/** When the author may no longer edit a message sent at `sentAt`. */
export const editDeadline = (sentAt: Date, windowMinutes: number): Date => new Date(sentAt.getTime() + windowMinutes * 60_000);

/** The start of a text, cut at a word when it is longer than `length`. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  // A word cut in the middle goes, unless that would drop more than half the excerpt.
  const space = flat[cut.length] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
