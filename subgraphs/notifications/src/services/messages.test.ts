import { describe, expect, it } from '@jest/globals';
import { builtInLookup, lookupMessage } from '#libs/i18n/catalog.ts';
import { formatMessage } from '#libs/i18n/format.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { i18nConsumer, inboxConsumer } from '../events/inbox.ts';
import type { NotificationsServices } from './index.ts';
import { NOTIFYING_EVENTS, notificationFor, type Texts } from './messages.ts';

/** The built-in catalogs in one locale, as RecipientLocales renders them without edits. */
const textsIn =
  (locale: string): Texts =>
  (namespace, key, values) => {
    const found = lookupMessage(builtInLookup, locale, namespace, key);
    return found && formatMessage(found.value, found.locale, values);
  };
const en = textsIn('en');
const fr = textsIn('fr-CA');

const badge = (slug: string) =>
  createEnvelope(
    'ACHIEVEMENT_UNLOCKED',
    { userId: 'u1', badgeId: 'b1', badgeSlug: slug, badgeName: 'First Quest', badgeDescription: 'You finished a quest.' },
    'gamification',
  );

describe('notificationFor', () => {
  it('announces a badge with its name, description, id and slug', () => {
    expect(notificationFor(badge('first-quest'), en)).toEqual({
      userId: 'u1',
      kind: 'BADGE_UNLOCKED',
      title: 'Badge unlocked: First Quest',
      body: 'Completed your first quest. Every Pythonista starts somewhere!',
      badgeId: 'b1',
      badgeSlug: 'first-quest',
    });
    expect(notificationFor(badge('first-quest'), fr)).toMatchObject({
      title: 'Badge débloqué : Première quête',
      body: 'Vous avez terminé votre première quête. Tout Pythoniste commence quelque part !',
    });
  });

  it('keeps the name gamification gave a badge the catalog does not know', () => {
    expect(notificationFor(badge('brand-new'), fr)).toMatchObject({
      title: 'Badge débloqué : First Quest',
      body: 'You finished a quest.',
    });
  });

  it('announces a level with the total XP, numbers written the locale’s way', () => {
    const event = createEnvelope('LEVEL_REACHED', { userId: 'u1', level: 4, totalXp: 12_500 }, 'gamification');
    expect(notificationFor(event, en)).toMatchObject({
      kind: 'LEVEL_UP',
      title: 'Level 4 reached!',
      badgeId: null,
      badgeSlug: null,
    });
    expect(notificationFor(event, en).body).toContain('12,500 XP');
    expect(notificationFor(event, fr)).toMatchObject({ title: 'Niveau 4 atteint !' });
    expect(notificationFor(event, fr).body).toBe('Vous avez maintenant 12\u202f500 XP au total. Continuez comme ça !');
  });

  it('congratulates on a completed course', () => {
    const event = createEnvelope(
      'COURSE_COMPLETED',
      { enrollmentId: 'e1', userId: 'u1', courseId: 'c1', courseTitle: 'Python Loops' },
      'courses',
    );
    expect(notificationFor(event, en)).toMatchObject({ kind: 'COURSE_COMPLETED', title: 'Course completed: Python Loops' });
    expect(notificationFor(event, en).body).toMatch(/^Congratulations!.*Python Loops/);
    expect(notificationFor(event, fr)).toMatchObject({
      title: 'Cours terminé : Python Loops',
      body: 'Félicitations ! Vous avez terminé toutes les leçons de « Python Loops ».',
    });
  });

  it('is asked only about the events it has a message for: the inbox consumer takes exactly those', () => {
    // Any other event never reaches notificationFor: the platform hands a consumer only its events.
    expect(inboxConsumer({} as NotificationsServices).events).toEqual(NOTIFYING_EVENTS);
    expect([...NOTIFYING_EVENTS].sort()).toEqual(['ACHIEVEMENT_UNLOCKED', 'COURSE_COMPLETED', 'LEVEL_REACHED']);
    expect(i18nConsumer({} as NotificationsServices).events).toEqual(['PROFILE_UPDATED', 'MESSAGE_UPDATED']);
  });
});
