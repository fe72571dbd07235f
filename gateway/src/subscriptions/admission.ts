/**
 * Lets subscriptions go through Apollo's request pipeline like every other operation: parsed with
 * the same limits, validated with the same rules (depth, cost, aliases), timed and logged by the
 * same plugins. @apollo/gateway cannot execute them, so once the operation is resolved this plugin
 * admits it (the socket's own checks, subscriptions/server.ts) instead of executing it.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { badInput } from '#platform/errors.ts';
import type { GatewayContext } from '../context.ts';

export const subscriptionAdmissionPlugin = (): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document, operation, request }) {
        const { socket } = contextValue;
        if (socket) socket.document = document;
        if (operation?.operation !== 'subscription') return;
        if (!socket) throw badInput('Subscriptions are served over WebSocket (the graphql-ws protocol) on this path');
        await socket.admitSubscription(document, operation, request.variables ?? {});
      },
      async responseForOperation({ operation }) {
        if (operation?.operation !== 'subscription') return null;
        // Admitted: the socket starts it; there is nothing to execute now.
        return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: {} } };
      },
    };
  },
});
