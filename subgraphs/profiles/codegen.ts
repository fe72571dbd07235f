import { reference } from '../../codegen.ts';

export const mappers = { User: reference, Profile: '../services/profiles.ts#ProfileView' };
