/** Admins: events a consumer gave up on, and replaying one to that consumer. */
import { useMutation, useQuery } from '@apollo/client/react';
import { DeadLettersDocument, ReplayDeadLetterDocument } from '../generated/graphql';
import { Loading, QueryError } from './common';

export function DeadLetters() {
  const { data, loading, error } = useQuery(DeadLettersDocument, { variables: { first: 20 }, fetchPolicy: 'network-only' });
  const [replay, replaying] = useMutation(ReplayDeadLetterDocument);
  return (
    <section className="card" aria-labelledby="dead-title">
      <h2 id="dead-title">Dead letters {data && <span className="pill">{data.deadLetters.totalCount}</span>}</h2>
      {loading ? (
        <Loading />
      ) : error ? (
        <QueryError error={error} />
      ) : data?.deadLetters.edges.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Consumer</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">Failed</th>
                <th scope="col">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.deadLetters.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{node.eventName ?? '—'}</td>
                  <td>{node.consumer}</td>
                  <td className="reason">{node.reason}</td>
                  <td>{node.attempts}</td>
                  <td>{new Date(node.failedAt).toLocaleString()}</td>
                  <td>
                    {node.replayedAt ? (
                      <span className="muted small">replayed</span>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        disabled={replaying.loading}
                        onClick={() => void replay({ variables: { id: node.id } })}
                      >
                        Replay
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No dead letter: every consumer is keeping up.</p>
      )}
      {replaying.error && <QueryError error={replaying.error} />}
    </section>
  );
}
