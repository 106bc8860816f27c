/**
 * The clinics of CLINICS_FILE as a ClinicDirectory, until the worker reads them from the
 * application database (platform/database/clinic-store.ts). The file is read again when it
 * changes, so a new phone or booking link reaches the next message without a restart.
 *
 * File clinics have no sender of their own: they share the platform's, so each gets an equal share
 * of its rate (SMS_RATE_LIMIT_PER_SECOND), and together they never go faster than it did alone.
 */
import { statSync } from 'node:fs';
import { CLINIC_DEFAULTS, type Clinic, type ClinicDirectory, type ClinicProfile } from '../domain/clinic';
import { loadClinics } from '../platform/clinics';

function asClinic(profile: ClinicProfile, ratePerSecond: number, at: string): Clinic {
  return {
    ...profile,
    defaultLocale: CLINIC_DEFAULTS.defaultLocale,
    photoCheckIns: CLINIC_DEFAULTS.photoCheckIns,
    touchUpIntervalMonths: CLINIC_DEFAULTS.touchUpIntervalMonths,
    sms: { ratePerSecond },
    active: true,
    createdAt: at,
    updatedAt: at,
  };
}

export function clinicsFileDirectory(file: string, platformRatePerSecond: number): ClinicDirectory {
  let loaded: { mtimeMs: number; clinics: Map<string, Clinic> } | undefined;
  const current = (): Map<string, Clinic> => {
    const { mtimeMs, mtime } = statSync(file);
    if (loaded?.mtimeMs !== mtimeMs) {
      const profiles = loadClinics(file);
      const share = platformRatePerSecond / profiles.size;
      const clinics = new Map([...profiles].map(([id, p]) => [id, asClinic(p, share, mtime.toISOString())]));
      loaded = { mtimeMs, clinics };
    }
    return loaded.clinics;
  };
  return {
    get: async (clinicId) => current().get(clinicId),
    list: async () => [...current().values()],
  };
}
