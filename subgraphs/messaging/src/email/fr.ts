/** Les emails en français. */
import type { EmailCategory } from '../generated/prisma/enums.ts';
import type { FooterWords, Template } from './content.ts';

const ahead = (minutes: number) =>
  minutes % 1_440 === 0
    ? `${minutes / 1_440} jour${minutes === 1_440 ? '' : 's'}`
    : minutes % 60 === 0
      ? `${minutes / 60} heure${minutes === 60 ? '' : 's'}`
      : `${minutes} minute${minutes === 1 ? '' : 's'}`;

const CATEGORY_NAMES: Record<EmailCategory, string> = {
  ACCOUNT: 'de compte',
  ANNOUNCEMENTS: 'd’annonces de cours',
  BOOKINGS: 'de réservations',
  MESSAGES: 'de messages',
  WEBINARS: 'de webinars',
};

export const footer: FooterWords = {
  unsubscribe: (category) =>
    `Vous recevez les emails ${CATEGORY_NAMES[category]} de DoctorPy. Pour ne plus les recevoir, désabonnez-vous :`,
  transactional: 'Vous recevez cet email parce que vous avez un compte DoctorPy.',
};

export const template: Template = (content, { recipientName, when, appUrl }) => {
  const greeting = `Bonjour ${recipientName},`;
  switch (content.kind) {
    case 'WELCOME':
      return {
        subject: 'Bienvenue sur DoctorPy',
        greeting,
        paragraphs: ['Votre compte est prêt. Cours, quêtes et sessions en direct vous attendent : bon code !'],
        action: { label: 'Commencer', url: appUrl },
      };
    case 'BOOKING_CONFIRMED':
      return {
        subject: `Réservation confirmée : ${when(content.startsAt)}`,
        greeting,
        paragraphs: [
          content.asInstructor
            ? `${content.otherName} a réservé une session avec vous le ${when(content.startsAt)} (jusqu’au ${when(content.endsAt)}).`
            : `Votre session avec ${content.otherName} est réservée le ${when(content.startsAt)} (jusqu’au ${when(content.endsAt)}).`,
          ...(content.topic ? [`Sujet : ${content.topic}`] : []),
        ],
        action: { label: 'Rejoindre la réunion', url: content.meetingUrl },
      };
    case 'BOOKING_CANCELLED':
      return {
        subject: `Réservation annulée : ${when(content.startsAt)}`,
        greeting,
        paragraphs: [
          content.byRecipient
            ? `Vous avez annulé votre session avec ${content.otherName} prévue le ${when(content.startsAt)}.`
            : `Votre session avec ${content.otherName} prévue le ${when(content.startsAt)} a été annulée.`,
          ...(content.reason ? [`Motif : ${content.reason}`] : []),
        ],
      };
    case 'BOOKING_REMINDER':
      return {
        subject: `Rappel : votre session avec ${content.otherName} commence dans ${ahead(content.offsetMinutes)}`,
        greeting,
        paragraphs: [
          `Votre session avec ${content.otherName} commence le ${when(content.startsAt)}.`,
          ...(content.topic ? [`Sujet : ${content.topic}`] : []),
        ],
        action: { label: 'Rejoindre la réunion', url: content.meetingUrl },
      };
    case 'WEBINAR_REMINDER':
      return {
        subject: `Rappel : « ${content.title} » commence dans ${ahead(content.offsetMinutes)}`,
        greeting,
        paragraphs: [
          `Le webinar « ${content.title} » auquel vous êtes inscrit commence le ${when(content.startsAt)}.`,
          'Le lien pour rejoindre s’ouvre 15 minutes avant le début.',
        ],
        action: { label: 'Ouvrir DoctorPy', url: appUrl },
      };
    case 'WEBINAR_CANCELLED':
      return {
        subject: `Webinar annulé : « ${content.title} »`,
        greeting,
        paragraphs: [`Le webinar « ${content.title} » prévu le ${when(content.startsAt)} est annulé. Nous en sommes désolés.`],
      };
    case 'ANNOUNCEMENT':
      return {
        subject: `[${content.courseTitle}] ${content.title}`,
        greeting,
        paragraphs: [`${content.authorName} a publié une annonce dans ${content.courseTitle} :`, content.body],
        action: { label: 'La lire sur DoctorPy', url: appUrl },
      };
    case 'UNREAD_MESSAGES':
      return {
        subject:
          content.unreadCount === 1
            ? `${content.fromName} vous a envoyé un message`
            : `${content.unreadCount} messages non lus de ${content.fromName}`,
        greeting,
        paragraphs: [
          content.unreadCount === 1
            ? `${content.fromName} vous a écrit :`
            : `Vous avez ${content.unreadCount} messages non lus de ${content.fromName}. Le dernier :`,
          content.excerpt,
        ],
        action: { label: 'Répondre sur DoctorPy', url: appUrl },
      };
  }
};
