/**
 * The live signal behind `webinarStatusChanged`: the gateway answers it with participantWebinar
 * for each subscriber of that webinar. It is sent from WEBINAR_STATUS_CHANGED after the event is
 * consumed (at least once), not straight from the mutation, so a change made by any replica, or
 * committed just before a crash, still reaches subscribers.
 */
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveTopic } from '#platform/graphql/live.ts';

/** The topic `webinarStatusChanged` declares in schema.graphql. */
export const WEBINAR_STATUS_TOPIC = liveTopic(new URL('../../schema.graphql', import.meta.url), 'webinarStatusChanged');

export class StatusSignals {
  constructor(private readonly events: SubgraphEvents) {}

  send(change: { webinarId: string; status: string }): void {
    this.events.live(WEBINAR_STATUS_TOPIC, { webinarId: change.webinarId, status: change.status });
  }
}
