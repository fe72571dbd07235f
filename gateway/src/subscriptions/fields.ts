/**
 * What each Subscription field of the supergraph listens to, who may subscribe, which events
 * concern a subscriber, and which query field answers an event. The subscriber's own selection set
 * is executed through the gateway on that query field, so any subgraph's fields resolve.
 * The Subscription types are declared by their owning subgraphs (quests, notifications,
 * gamification, analytics); those subgraphs make sure the answering query works right after the
 * commit that produced the event.
 */
import { isStaff, type Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, unauthenticated } from '#platform/errors.ts';
import { EVENT_NAMES, type EventName, type EventPayload } from '#platform/events/catalog.ts';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import type { Trigger } from './live-feed.ts';

type Args = Record<string, unknown>;

export interface QueryCall {
  field: string;
  /** Argument name → [GraphQL type, value] for this event. */
  arguments: Record<string, [type: string, value: unknown]>;
}

export interface LiveField {
  trigger: Trigger;
  /** At subscribe time: throws UNAUTHENTICATED / FORBIDDEN / BAD_USER_INPUT. */
  authorize(viewer: Viewer | undefined, args: Args): void;
  /** Does this event concern this subscriber? */
  concerns(data: unknown, args: Args, viewer: Viewer | undefined): boolean;
  answer(data: unknown, args: Args): QueryCall;
  /** Coalesce bursts: while one answer is being computed, later events trigger a single rerun. */
  coalesce?: boolean;
}

const signedIn = (viewer: Viewer | undefined) => {
  if (!viewer) throw unauthenticated('Subscribe with a token in connection_init: { "authorization": "Bearer <token>" }');
  return viewer;
};
/** The payload of an event the feed already validated against the catalog. */
const payloadOf = <N extends EventName>(data: unknown, _name: N) => (data as EventEnvelope<N>).payload as EventPayload<N>;

export const liveFields: Record<string, LiveField> = {
  questCompleted: {
    trigger: { kind: 'event', name: 'QUEST_COMPLETED' },
    authorize(viewer, args) {
      const known = signedIn(viewer);
      if (args.userId && args.userId !== known.userId && !isStaff(known))
        throw forbidden("Only admins and analysts follow other learners' quests");
    },
    concerns(data, args, viewer) {
      const target = args.userId ?? (isStaff(viewer) ? undefined : viewer?.userId);
      return target === undefined || payloadOf(data, 'QUEST_COMPLETED').userId === target;
    },
    answer: (data) => ({
      field: 'questCompletion',
      arguments: { progressId: ['ID!', payloadOf(data, 'QUEST_COMPLETED').progressId] },
    }),
  },

  notificationAdded: {
    trigger: { kind: 'event', name: 'NOTIFICATION_CREATED' },
    authorize: (viewer) => void signedIn(viewer),
    concerns: (data, _args, viewer) => payloadOf(data, 'NOTIFICATION_CREATED').userId === viewer?.userId,
    answer: (data) => ({
      field: 'notification',
      arguments: { id: ['ID!', payloadOf(data, 'NOTIFICATION_CREATED').notificationId] },
    }),
  },

  leaderboardChanged: {
    trigger: { kind: 'live', topic: 'leaderboard' },
    authorize(_viewer, args) {
      if (args.scope === 'COURSE' && !args.courseId) throw badInput('The COURSE leaderboard needs a courseId');
    },
    concerns: (data, args) => args.scope !== 'COURSE' || (data as { courseId?: string | null }).courseId === args.courseId,
    answer: (_data, args) => ({
      field: 'leaderboard',
      arguments: {
        scope: ['LeaderboardScope!', args.scope ?? 'GLOBAL'],
        courseId: ['ID', args.courseId ?? null],
        first: ['Int', args.first ?? 10],
      },
    }),
    coalesce: true,
  },

  activity: {
    trigger: { kind: 'live', topic: 'activity' },
    authorize(viewer, args) {
      if (!isStaff(signedIn(viewer))) throw forbidden('The activity feed is for admins and analysts');
      const unknown = ((args.types as string[] | null | undefined) ?? []).filter(
        (type) => !(EVENT_NAMES as string[]).includes(type),
      );
      if (unknown.length) throw badInput(`Unknown event types: ${unknown.join(', ')}`);
    },
    concerns: (data, args) => {
      const types = args.types as string[] | null | undefined;
      return !types?.length || types.includes((data as { type: string }).type);
    },
    answer: (data) => ({ field: 'activityEvent', arguments: { id: ['ID!', (data as { id: string }).id] } }),
  },
};
