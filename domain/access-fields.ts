/**
 * What administrators type when they invite people and make API keys: the API and the CLI check
 * them with these same schemas, so both refuse the same things in the same words.
 */
import { z } from 'zod';
import { displayNameSchema } from './display-name';
import { CLINIC_ROLES } from './roles';

const PERSON_NAME_MAX = 80;
const KEY_NAME_MAX = 80;

export const personNameSchema = displayNameSchema({ missing: 'is required: the name colleagues know the person by', max: PERSON_NAME_MAX });
export const keyNameSchema = displayNameSchema({ missing: 'is required: a name saying which system uses the key', max: KEY_NAME_MAX });

export const clinicRoleSchema = z.enum(CLINIC_ROLES, {
  message: `must be one of ${CLINIC_ROLES.join(', ')} (administrators are not made for a clinic)`,
});
