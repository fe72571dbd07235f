/**
 * Chunk embeddings for hybrid retrieval, when an embedding provider is configured: written after
 * the index commits (a model call does not belong in a transaction). A chunk left without one is
 * still found by full text; the next change of its document tries again.
 */
import type { Logger } from '#platform/logger.ts';
import type { AssistantDb } from '../db.ts';
import type { EmbeddingProvider } from '../providers/types.ts';

const BATCH = 32;

export class Embeddings {
  constructor(
    private readonly db: AssistantDb,
    private readonly embedder: EmbeddingProvider | undefined,
    private readonly log: Logger,
  ) {}

  /** At start: chunks indexed while no (or another) embedding model was configured. */
  async backfill(): Promise<void> {
    if (!this.embedder) return;
    const model = this.embedder.embeddingModel;
    const pending = await this.db.chunk.findMany({
      where: { OR: [{ embeddingModel: null }, { embeddingModel: { not: model } }] },
      distinct: ['documentId'],
      select: { documentId: true },
    });
    for (const { documentId } of pending) await this.embedDocument(documentId);
  }

  async embedDocument(documentId: string): Promise<void> {
    if (!this.embedder) return;
    const model = this.embedder.embeddingModel;
    const chunks = await this.db.chunk.findMany({
      where: { documentId, OR: [{ embeddingModel: null }, { embeddingModel: { not: model } }] },
      select: { id: true, heading: true, text: true },
    });
    for (let start = 0; start < chunks.length; start += BATCH) {
      const batch = chunks.slice(start, start + BATCH);
      try {
        const vectors = await this.embedder.embed(batch.map((chunk) => `${chunk.heading}\n\n${chunk.text}`));
        await this.db.$transaction(
          batch.map((chunk, index) =>
            this.db.chunk.update({ where: { id: chunk.id }, data: { embedding: vectors[index]!, embeddingModel: model } }),
          ),
        );
      } catch (error) {
        this.log.warn({ err: error, documentId }, 'chunk embeddings failed: full text only for these');
        return;
      }
    }
  }
}
