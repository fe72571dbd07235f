import { reference } from '../../codegen.ts';

export const mappers = {
  Course: reference,
  Lesson: reference,
  Quest: reference,
  Quiz: reference,
  Webinar: reference,
  User: reference,
  SearchHit: '../services/engine.ts#Hit',
  SearchConnection: '../services/search.ts#SearchPage',
};
