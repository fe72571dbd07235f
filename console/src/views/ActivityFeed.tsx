/** The live activity feed: the latest events, then each new one as it is stored, filtered by type. */
import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { ActivityDocument, RecentActivityDocument, type ActivityFieldsFragment } from '../generated/graphql';

export const EVENT_TYPES = [
  'QUEST_COMPLETED',
  'QUEST_STARTED',
  'XP_AWARDED',
  'ACHIEVEMENT_UNLOCKED',
  'LEVEL_REACHED',
  'USER_REGISTERED',
  'ENROLLMENT_CREATED',
  'LESSON_COMPLETED',
  'COURSE_COMPLETED',
  'QUIZ_SUBMITTED',
  'RAG_QUERY_PROCESSED',
] as const;

const KEEP = 40;

const describe = (event: ActivityFieldsFragment) =>
  [event.user?.displayName, event.quest?.title ?? event.course?.title].filter(Boolean).join(' · ');

export function ActivityFeed() {
  const [types, setTypes] = useState<string[]>([]);
  const variables = { types: types.length ? types : undefined };
  const recent = useQuery(RecentActivityDocument, { variables: { ...variables, first: KEEP }, fetchPolicy: 'network-only' });
  const [live, setLive] = useState<ActivityFieldsFragment[]>([]);
  useEffect(() => setLive([]), [types]);
  useSubscription(ActivityDocument, {
    variables,
    onData: ({ data }) => {
      const event = data.data?.activity;
      if (event) setLive((shown) => [event, ...shown.filter((item) => item.id !== event.id)].slice(0, KEEP));
    },
  });
  const seen = new Set(live.map((event) => event.id));
  const events = [...live, ...(recent.data?.recentActivity ?? []).filter((event) => !seen.has(event.id))].slice(0, KEEP);
  const toggle = (type: string) =>
    setTypes((chosen) => (chosen.includes(type) ? chosen.filter((item) => item !== type) : [...chosen, type]));

  return (
    <section className="card feed" aria-labelledby="feed-title">
      <h2 id="feed-title">
        Activity <span className="live-dot">live</span>
      </h2>
      <fieldset className="filters">
        <legend>Event types {types.length ? `(${types.length})` : '(all)'}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="chip">
            <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />
            {type.toLowerCase().replaceAll('_', ' ')}
          </label>
        ))}
      </fieldset>
      <ol className="events" data-testid="activity-feed" aria-live="polite">
        {events.map((event) => (
          <li key={event.id} data-type={event.type}>
            <span className={`type t-${event.type.toLowerCase()}`}>{event.type}</span>
            <span className="what">{describe(event)}</span>
            <time dateTime={event.occurredAt}>{new Date(event.occurredAt).toLocaleTimeString()}</time>
          </li>
        ))}
        {!events.length && <li className="muted">No event yet.</li>}
      </ol>
    </section>
  );
}
