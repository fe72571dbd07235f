import { requireViewer } from '#platform/auth/viewer.ts';
import type { Context, MutationResolvers } from '../generated/graphql.ts';
import type { AuthPayload } from '../services/sessions.ts';

/** The rest of the response is for the user who just signed in (e.g. `user { email }`). */
function signedIn(context: Context, payload: AuthPayload): AuthPayload {
  context.viewer = { userId: payload.user.id, roles: payload.user.roles, sessionId: payload.sessionId };
  return payload;
}

export const Mutation: MutationResolvers = {
  register: async (_parent, { input }, context) =>
    signedIn(context, await context.services.accounts.register(input, context.clientAddress)),
  login: async (_parent, { input }, context) =>
    signedIn(context, await context.services.accounts.login(input, context.clientAddress)),
  refreshSession: async (_parent, { refreshToken }, context) =>
    signedIn(context, await context.services.sessions.refresh(refreshToken, context.clientAddress)),
  logout: (_parent, { refreshToken }, { services }) => services.sessions.logout(refreshToken),
  changePassword: async (_parent, { input }, context) => {
    const { userId, sessionId } = requireViewer(context.viewer);
    return signedIn(context, await context.services.accounts.changePassword(userId, sessionId, input, context.clientAddress));
  },
  grantRole: (_parent, { userId, role }, { services, viewer }) =>
    services.accounts.grantRole(requireViewer(viewer).userId, userId, role),
  revokeRole: (_parent, { userId, role }, { services, viewer }) =>
    services.accounts.revokeRole(requireViewer(viewer).userId, userId, role),
  disableUser: (_parent, { userId }, { services, viewer }) => services.accounts.disableUser(requireViewer(viewer).userId, userId),
  enableUser: (_parent, { userId }, { services, viewer }) => services.accounts.enableUser(requireViewer(viewer).userId, userId),
};
