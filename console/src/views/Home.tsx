/** The learner's progress: XP, level, streak and badges, the live leaderboard and notifications. */
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  LeaderboardChangedDocument,
  LeaderboardDocument,
  MarkAllNotificationsReadDocument,
  NotificationsDocument,
  ProgressDocument,
} from '../generated/graphql';
import { linkTo } from '../router';
import { Loading, QueryError } from './common';

export function Home() {
  return (
    <div className="grid two">
      <ProgressCard />
      <Leaderboard />
      <Notifications />
      <section className="card" aria-labelledby="next-title">
        <h2 id="next-title">Keep going</h2>
        <p className="muted">Quests give XP on their first completion; courses end with a certificate.</p>
        <p className="actions">
          <a className="button" {...linkTo('/quests')}>
            Play a quest
          </a>
          <a className="button secondary" {...linkTo('/courses')}>
            Browse courses
          </a>
        </p>
      </section>
    </div>
  );
}

function ProgressCard() {
  const { data, loading, error } = useQuery(ProgressDocument);
  if (loading) return <Loading />;
  if (error || !data?.me) return <QueryError error={error} />;
  const me = data.me;
  const percent = Math.min(100, Math.round((me.xp / Math.max(1, me.nextLevelXp)) * 100));
  return (
    <section className="card" aria-labelledby="progress-title" data-testid="progress">
      <h2 id="progress-title">Level {me.level}</h2>
      <div className="stats">
        <div>
          <span className="figure" data-testid="xp">
            {me.xp}
          </span>
          <span className="label">XP</span>
        </div>
        <div>
          <span className="figure">{me.streak.current}</span>
          <span className="label">day streak</span>
        </div>
        <div>
          <span className="figure">{me.questsCompleted}</span>
          <span className="label">quests done</span>
        </div>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-label="XP towards the next level"
        aria-valuemin={0}
        aria-valuemax={me.nextLevelXp}
        aria-valuenow={me.xp}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="muted small">
        {me.nextLevelXp - me.xp > 0 ? `${me.nextLevelXp - me.xp} XP to level ${me.level + 1}` : 'Next level reached'} · longest
        streak {me.streak.longest} · {me.streak.freezesLeft} freezes left
      </p>
      <h3>Badges</h3>
      {me.badges.length ? (
        <ul className="badges" data-testid="badges">
          {me.badges.map((badge) => (
            <li key={badge.id} title={badge.description}>
              <span aria-hidden="true">★</span> {badge.name}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No badge yet: complete a quest for your first.</p>
      )}
    </section>
  );
}

function Leaderboard() {
  // The board changes while this page is not shown (XP earned on a quest's page): read it again on
  // each visit, and keep each live push in the cache, so the next visit starts from the latest.
  const { data, loading, error } = useQuery(LeaderboardDocument, { fetchPolicy: 'cache-and-network' });
  useSubscription(LeaderboardChangedDocument, {
    onData: ({ client, data: pushed }) => {
      const leaderboard = pushed.data?.leaderboardChanged;
      if (leaderboard) client.writeQuery({ query: LeaderboardDocument, data: { leaderboard } });
    },
  });
  const rows = data?.leaderboard;
  if (loading && !rows) return <Loading />;
  if (error && !rows) return <QueryError error={error} />;
  return (
    <section className="card" aria-labelledby="leaders-title" data-testid="leaderboard">
      <h2 id="leaders-title">
        Leaderboard <span className="live-dot">live</span>
      </h2>
      {rows?.length ? (
        <ol className="leaderboard">
          {rows.map((row) => (
            <li key={row.user.id}>
              <span className="rank">{row.rank}</span>
              <span className="who">{row.user.displayName}</span>
              <span className="xp">{row.xp} XP</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Nobody has earned XP yet.</p>
      )}
    </section>
  );
}

function Notifications() {
  const { data, loading, error } = useQuery(NotificationsDocument);
  const [markAll] = useMutation(MarkAllNotificationsReadDocument, { refetchQueries: [NotificationsDocument] });
  if (loading) return <Loading />;
  if (error || !data) return <QueryError error={error} />;
  const items = data.notifications.edges.map((edge) => edge.node);
  const unread = items.filter((item) => !item.readAt).length;
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications {unread > 0 && <span className="pill">{unread} new</span>}</h2>
      {items.length ? (
        <ul className="notifications" data-testid="notifications">
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? '' : 'unread'}>
              <strong>{item.title}</strong>
              <span>{item.body}</span>
              <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing yet. Badges, levels and course news arrive here as they happen.</p>
      )}
      {unread > 0 && (
        <button type="button" className="secondary" onClick={() => void markAll()}>
          Mark all as read
        </button>
      )}
    </section>
  );
}
