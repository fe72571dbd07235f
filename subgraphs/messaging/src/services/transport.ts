/**
 * Where emails go: an SMTP server (nodemailer) when SMTP_URL is set, else .eml files under
 * DATA_DIR/mail (nodemailer builds the same message into a buffer), so `npm start` needs no mail
 * server and a developer can open what was "sent".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  readonly name: 'smtp' | 'files';
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

const messageOf = (email: OutgoingEmail) => ({
  from: email.from,
  to: email.to,
  subject: email.subject,
  text: email.text,
  html: email.html,
  headers: email.headers,
  // Stable per outbox row: a retry after an unanswered attempt carries the same Message-ID, which receivers can dedupe on.
  messageId: `<${email.id}@doctorpy.messaging>`,
});

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(email) {
      await transporter.sendMail(messageOf(email));
    },
    close: () => transporter.close(),
  };
}

export function fileTransport(directory: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'files',
    async send(email) {
      const info = await transporter.sendMail(messageOf(email));
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, `${email.id}.eml`), info.message as Buffer);
    },
    close: () => transporter.close(),
  };
}
