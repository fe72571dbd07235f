/**
 * Answers followed live (`assistantAnswerStream`): the text so far is kept in the stream store and
 * each change sends a live signal; the gateway then asks `assistantAnswerProgress` for the state
 * with the subscriber's selection. Writes of one answer are chained, so states only move forward.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { hasRole } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveTopic } from '#platform/graphql/live.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { AssistantDb } from '../db.ts';
import type { Answer } from '../generated/prisma/client.ts';
import type { StreamState, StreamStore } from './stream-store.ts';

/** The topic `assistantAnswerStream` declares in schema.graphql. */
export const ANSWER_STREAM_TOPIC = liveTopic(new URL('../../schema.graphql', import.meta.url), 'assistantAnswerStream');

export interface AnswerProgress {
  answerId: string;
  text: string;
  sequence: number;
  done: boolean;
  answer: Answer | null;
}

export interface StreamWriter {
  append(piece: string): void;
  restart(): void;
  /** Resolves once every write so far is stored. */
  flush(): Promise<void>;
}

const answerIdInput = z.uuid('must be a UUID');

export class AnswerStreams {
  constructor(
    private readonly store: StreamStore,
    private readonly events: SubgraphEvents,
    private readonly db: AssistantDb,
  ) {}

  claim(answerId: string, userId: string): Promise<boolean> {
    return this.store.claim(answerId, userId);
  }

  writer(answerId: string, userId: string): StreamWriter {
    let state: StreamState = { userId, text: '', sequence: 0, done: false };
    let chain = Promise.resolve();
    const save = () => {
      const snapshot = { ...state };
      chain = chain.then(() => this.save(answerId, snapshot)).catch(() => undefined);
    };
    return {
      append: (piece) => {
        state = { ...state, text: state.text + piece, sequence: state.sequence + 1 };
        save();
      },
      restart: () => {
        state = { ...state, text: '', sequence: state.sequence + 1 };
        save();
      },
      flush: () => chain,
    };
  }

  /** Replaces the text (a cached answer, a reviewed one). */
  async write(answerId: string, userId: string, text: string): Promise<void> {
    const current = await this.store.read(answerId);
    await this.save(answerId, { userId, text, sequence: (current?.sequence ?? 0) + 1, done: false });
  }

  async finish(answerId: string, userId: string, text: string): Promise<void> {
    const current = await this.store.read(answerId);
    await this.save(answerId, { userId, text, sequence: (current?.sequence ?? 0) + 1, done: true });
  }

  /** The question failed (bad context, quota, ...): subscribers are told it is over, with no answer. */
  async abandon(answerId: string, userId: string): Promise<void> {
    await this.save(answerId, { userId, text: '', sequence: 0, done: true }).catch(() => undefined);
  }

  /** What `assistantAnswerProgress` answers: the caller's own answer (admins: anyone's) only. */
  async progress(viewer: Viewer, rawAnswerId: unknown): Promise<AnswerProgress> {
    const answerId = parseInput(answerIdInput, rawAnswerId);
    const [state, answer] = await Promise.all([
      this.store.read(answerId),
      this.db.answer.findUnique({ where: { id: answerId } }),
    ]);
    const owner = answer?.userId ?? state?.userId;
    if (owner && owner !== viewer.userId && !hasRole(viewer, 'ADMIN')) throw notFound('AssistantAnswer', answerId);
    if (answer && (!state || state.done)) {
      return { answerId, text: answer.answer, sequence: state?.sequence ?? 1, done: true, answer };
    }
    return { answerId, text: state?.text ?? '', sequence: state?.sequence ?? 0, done: state?.done ?? false, answer: null };
  }

  private async save(answerId: string, state: StreamState): Promise<void> {
    await this.store.write(answerId, state);
    this.events.live(ANSWER_STREAM_TOPIC, { answerId, userId: state.userId, sequence: state.sequence });
  }
}
