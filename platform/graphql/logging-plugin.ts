/**
 * One structured log line per operation (name, duration, error codes) and the full stack of every
 * unexpected error, tagged with the request id that the masked client error also carries.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { isExpectedError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface LoggableContext extends BaseContext {
  requestId: string;
  log: Logger;
}

export function loggingPlugin<C extends LoggableContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            // The masked error the client sees carries the same id (see formatError).
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            contextValue.log.error({ err: error.originalError ?? error, path: error.path, operationName }, 'unexpected error');
          }
        },
        async willSendResponse({ operationName, errors }) {
          const codes = errors?.map((error) => error.extensions?.code ?? 'UNKNOWN');
          contextValue.log.info(
            { operationName: operationName ?? null, ms: Math.round(performance.now() - started), errors: codes },
            'graphql operation',
          );
        },
      };
    },
  };
}
