import type { Viewer } from '#platform/auth/viewer.ts';
import type { Logger } from '#platform/logger.ts';

/** Per-request state of the gateway; subgraph calls forward parts of it. */
export interface GatewayContext {
  requestId: string;
  /** The verified Authorization header, passed on as is (each subgraph verifies it again). */
  authorization: string | undefined;
  viewer: Viewer | undefined;
  clientAddress: string | undefined;
  log: Logger;
}
