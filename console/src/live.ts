/**
 * What reaches a learner without reloading: their notifications (notificationAdded) and their quest
 * completions (questCompleted), which also refresh XP, level, streak and badges. Both show a
 * short toast.
 */
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import {
  MyQuestCompletedDocument,
  NotificationAddedDocument,
  NotificationsDocument,
  ProgressDocument,
} from './generated/graphql';

export interface Toast {
  id: string;
  title: string;
  body: string;
}

const TOAST_MS = 6_000;

/** `userId`: the signed-in user (admins and analysts would otherwise receive everyone's completions). */
export function useLiveLearner(userId: string): Toast[] {
  const client = useApolloClient();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((toast: Toast) => {
    setToasts((shown) => [...shown.filter((item) => item.id !== toast.id), toast].slice(-3));
    setTimeout(() => setToasts((shown) => shown.filter((item) => item.id !== toast.id)), TOAST_MS);
  }, []);

  useSubscription(NotificationAddedDocument, {
    onData: ({ data }) => {
      const notification = data.data?.notificationAdded;
      if (!notification) return;
      client.cache.updateQuery({ query: NotificationsDocument }, (list) =>
        list && !list.notifications.edges.some((edge) => edge.node.id === notification.id)
          ? {
              ...list,
              notifications: {
                ...list.notifications,
                edges: [{ __typename: 'NotificationEdge' as const, node: notification }, ...list.notifications.edges],
              },
            }
          : list,
      );
      show({ id: notification.id, title: notification.title, body: notification.body });
      void client.refetchQueries({ include: [ProgressDocument] });
    },
  });

  useSubscription(MyQuestCompletedDocument, {
    variables: { userId },
    onData: ({ data }) => {
      const completion = data.data?.questCompleted;
      if (!completion) return;
      show({
        id: completion.progressId,
        title: `Quest complete: ${completion.quest.title}`,
        body: completion.xpAwarded ? `+${completion.xpAwarded} XP, score ${completion.score}` : `Score ${completion.score}`,
      });
      void client.refetchQueries({ include: [ProgressDocument] });
    },
  });

  return toasts;
}
