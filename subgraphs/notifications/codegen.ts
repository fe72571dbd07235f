import { model, reference } from '../../codegen.ts';

export const mappers = { User: reference, Badge: reference, Notification: model('Notification') };
