import { model, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Course: reference,
  Quest: model('Quest'),
  QuestStep: model('QuestStep'),
  QuestProgress: model('QuestProgress'),
  QuestCompletion: model('QuestCompletion'),
};
