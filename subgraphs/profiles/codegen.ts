import { reference } from '../../codegen.ts';

export const mappers = { User: reference, File: reference, Profile: '../services/profiles.ts#ProfileView' };
