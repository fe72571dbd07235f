import { model, reference } from '../../codegen.ts';

export const mappers = { User: reference, Badge: reference, Conversation: reference, Notification: model('Notification') };
