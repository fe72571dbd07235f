import { model, reference } from '../../codegen.ts';

export const mappers = {
  User: reference,
  Quest: reference,
  Course: reference,
  ActivityEvent: model('ActivityEvent'),
  DeadLetter: model('DeadLetter'),
  UserStats: model('UserStats'),
  CourseStats: model('CourseStats'),
};
