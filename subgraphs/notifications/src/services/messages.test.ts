import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { inboxConsumer } from '../events/inbox.ts';
import type { NotificationsServices } from './index.ts';
import { NOTIFYING_EVENTS, notificationFor } from './messages.ts';

describe('notificationFor', () => {
  it('announces a badge with its name, description and id', () => {
    const event = createEnvelope(
      'ACHIEVEMENT_UNLOCKED',
      {
        userId: 'u1',
        badgeId: 'b1',
        badgeSlug: 'first-quest',
        badgeName: 'First Quest',
        badgeDescription: 'You finished a quest.',
      },
      'gamification',
    );
    expect(notificationFor(event)).toEqual({
      userId: 'u1',
      kind: 'BADGE_UNLOCKED',
      title: 'Badge unlocked: First Quest',
      body: 'You finished a quest.',
      badgeId: 'b1',
    });
  });

  it('announces a level with the total XP', () => {
    const event = createEnvelope('LEVEL_REACHED', { userId: 'u1', level: 4, totalXp: 12_500 }, 'gamification');
    expect(notificationFor(event)).toMatchObject({ kind: 'LEVEL_UP', title: 'Level 4 reached!', badgeId: null });
    expect(notificationFor(event).body).toContain('12,500 XP');
  });

  it('congratulates on a completed course', () => {
    const event = createEnvelope(
      'COURSE_COMPLETED',
      { enrollmentId: 'e1', userId: 'u1', courseId: 'c1', courseTitle: 'Python Loops' },
      'courses',
    );
    expect(notificationFor(event)).toMatchObject({ kind: 'COURSE_COMPLETED', title: 'Course completed: Python Loops' });
    expect(notificationFor(event).body).toMatch(/^Congratulations!.*Python Loops/);
  });

  it('is asked only about the events it has a message for: the inbox consumer takes exactly those', () => {
    // Any other event never reaches notificationFor: the platform hands a consumer only its events.
    expect(inboxConsumer({} as NotificationsServices).events).toEqual(NOTIFYING_EVENTS);
    expect([...NOTIFYING_EVENTS].sort()).toEqual(['ACHIEVEMENT_UNLOCKED', 'COURSE_COMPLETED', 'LEVEL_REACHED']);
  });
});
