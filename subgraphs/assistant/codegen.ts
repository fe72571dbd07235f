import { model, prisma, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Lesson: reference,
  Quest: reference,
  AssistantAnswer: model('AssistantAnswer'),
  AssistantConversation: model('AssistantConversation'),
  AssistantTemplate: prisma('Template'),
  AssistantTemplateVersion: prisma('TemplateVersion'),
  Citation: model('Citation'),
  AssistantAnswerChunk: model('AnswerProgress'),
};
