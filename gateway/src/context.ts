import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { Viewer } from '#platform/auth/viewer.ts';
import type { Logger } from '#platform/logger.ts';

/** Per-request state of the gateway; subgraph calls forward parts of it. */
export interface GatewayContext {
  requestId: string;
  /** The verified Authorization header, passed on as is (each subgraph verifies it again). */
  authorization: string | undefined;
  viewer: Viewer | undefined;
  clientAddress: string | undefined;
  /** The client's Accept-Language header, passed on so subgraphs can speak the client's language. */
  acceptLanguage?: string;
  log: Logger;
  /** Set for an operation that came over graphql-ws (subscriptions/admission.ts). */
  socket?: SocketOperation;
  /** Set on a subscription's answer to one event (subscriptions/server.ts): never read from or written to the response cache. */
  liveDelivery?: true;
}

export interface SocketOperation {
  /** The document Apollo parsed and validated, once it has. */
  document?: DocumentNode;
  /** Checks a subscription before it starts; throws coded errors. */
  admitSubscription(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): Promise<void>;
}
