/** Which kinds of notification a user wants in the app; every kind is on until turned off. */
import type { Viewer } from '#platform/auth/viewer.ts';
import type { NotificationsDb } from '../db.ts';
import { NotificationKind } from '../generated/prisma/client.ts';

export interface PreferenceView {
  kind: NotificationKind;
  inApp: boolean;
}

const KINDS = Object.values(NotificationKind);

export class Preferences {
  constructor(private readonly db: NotificationsDb) {}

  /** Every kind, in the schema's order, with the user's choice or the default. */
  async list(viewer: Viewer): Promise<PreferenceView[]> {
    const rows = await this.db.notificationPreference.findMany({ where: { userId: viewer.userId } });
    const chosen = new Map(rows.map((row) => [row.kind, row.inApp]));
    return KINDS.map((kind) => ({ kind, inApp: chosen.get(kind) ?? true }));
  }

  async set(viewer: Viewer, kind: NotificationKind, inApp: boolean): Promise<PreferenceView> {
    const row = await this.db.notificationPreference.upsert({
      where: { userId_kind: { userId: viewer.userId, kind } },
      create: { userId: viewer.userId, kind, inApp },
      update: { inApp },
    });
    return { kind: row.kind, inApp: row.inApp };
  }
}
