/** The quests, with the learner's status on each. */
import { useQuery } from '@apollo/client/react';
import { QuestsDocument } from '../generated/graphql';
import { linkTo } from '../router';
import { Loading, QueryError } from './common';

export function Quests() {
  const { data, loading, error } = useQuery(QuestsDocument, { variables: { first: 50 }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error || !data) return <QueryError error={error} />;
  return (
    <ul className="cards">
      {data.quests.edges.map(({ node: quest }) => (
        <li key={quest.id} className="card quest">
          <h2>
            <a {...linkTo(`/quests/${quest.slug}`)}>{quest.title}</a>
          </h2>
          <p className="meta">
            <span className="tag">{quest.difficulty.toLowerCase()}</span> {quest.stepCount} steps · {quest.estimatedMinutes} min ·{' '}
            {quest.xpReward} XP
          </p>
          {quest.viewerProgress && <p className="small status">{quest.viewerProgress.status.toLowerCase().replace('_', ' ')}</p>}
        </li>
      ))}
    </ul>
  );
}
