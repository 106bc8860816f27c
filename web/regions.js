/**
 * The compliance regions staff can pick at enrolment (`client.region`: ISO 3166-1 alpha-2, or
 * `US-XX` for a US state). Left empty, the server takes the region from the phone number's country.
 * The rules themselves live on the server (docs/compliance.md); this is only the list of choices,
 * the US states with rules of their own named first.
 */
export const FROM_PHONE = '';

export const REGION_GROUPS = [
  {
    label: 'United States',
    regions: [
      ['US-FL', 'Florida'],
      ['US-MD', 'Maryland'],
      ['US-OK', 'Oklahoma'],
      ['US-WA', 'Washington'],
      ['US', 'Another US state'],
    ],
  },
  {
    label: 'Other countries',
    regions: [
      ['AU', 'Australia'],
      ['CA', 'Canada'],
      ['FR', 'France'],
      ['DE', 'Germany'],
      ['IE', 'Ireland'],
      ['IT', 'Italy'],
      ['MX', 'Mexico'],
      ['NL', 'Netherlands'],
      ['NZ', 'New Zealand'],
      ['PT', 'Portugal'],
      ['ES', 'Spain'],
      ['GB', 'United Kingdom'],
    ],
  },
];

/** A region's name as the list shows it ("Florida"), or its code when the list has none. */
export function regionName(code) {
  for (const group of REGION_GROUPS) for (const [c, name] of group.regions) if (c === code) return name;
  return String(code || '');
}
