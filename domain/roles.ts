/** The roles a person can hold: an administrator of the platform, or an owner or staff member of one clinic. */
export const ROLES = ['admin', 'owner', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a clinic's owner can give (administrators are made by administrators only). */
export const CLINIC_ROLES = ['owner', 'staff'] as const;
export type ClinicRole = (typeof CLINIC_ROLES)[number];
