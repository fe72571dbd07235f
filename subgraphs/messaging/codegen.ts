import { model, prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: reference,
  Conversation: prisma('Conversation'),
  ConversationMessage: model('ConversationMessage'),
  SentEmail: prisma('Email'),
};
