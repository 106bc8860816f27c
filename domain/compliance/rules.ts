/**
 * The quiet-hours and solicitation laws the plan obeys, as data: one entry per rule, each with the
 * text it comes from. docs/compliance.md lists the same rules for people; a unit test keeps the two
 * in step. A rule narrows a clinic's sending window and may cap solicitations; it never widens
 * anything. Adding a state or a country is adding an entry here (and its line in the document).
 */
import type { SendWindow } from '../plan-types';

/** Where a rule comes from: the statute or regulation, as a title a lawyer recognises and a link. */
export interface RuleSource {
  title: string;
  url: string;
}

/** At most `max` solicitations to one person within any `hours` hours. */
export interface SolicitationCap {
  max: number;
  hours: number;
}

export interface ComplianceRule {
  id: string;
  /** Who reads it: "US federal", "Florida". */
  name: string;
  /**
   * Whom it protects: clients whose region's country is one of `countries`, and, when `states` is
   * set, whose US state is one of them (a region without a state meets only rules without states).
   */
  countries: readonly string[];
  states?: readonly string[];
  /** The local hours messages may go in, at the client's location. */
  window?: SendWindow;
  solicitationCap?: SolicitationCap;
  sources: readonly RuleSource[];
}

/**
 * Countries under US federal law with a calling code of their own in libphonenumber-js: a number
 * from Puerto Rico parses as `PR`, not `US`, and the TCPA covers it all the same.
 */
const US_JURISDICTIONS = ['US', 'PR', 'GU', 'VI', 'AS', 'MP'] as const;

/** Florida, Oklahoma and Maryland: the same 3 calls or texts per 24 hours on one subject. */
const THREE_A_DAY: SolicitationCap = { max: 3, hours: 24 };

export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  {
    id: 'us-federal',
    name: 'US federal (TCPA)',
    countries: US_JURISDICTIONS,
    window: { start: '08:00', end: '21:00' },
    sources: [
      {
        title: '47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m., local time at the called party',
        url: 'https://www.ecfr.gov/current/title-47/chapter-I/subchapter-B/part-64/subpart-L/section-64.1200',
      },
    ],
  },
  {
    id: 'us-fl',
    name: 'Florida',
    countries: ['US'],
    states: ['FL'],
    window: { start: '08:00', end: '20:00' },
    solicitationCap: THREE_A_DAY,
    sources: [
      {
        title: 'Fla. Stat. 501.059(8)(a) (Florida Telephone Solicitation Act): 8 a.m. to 8 p.m., at most 3 calls or texts per 24 hours on the same subject',
        url: 'http://www.leg.state.fl.us/statutes/index.cfm?App_mode=Display_Statute&URL=0500-0599/0501/Sections/0501.059.html',
      },
      {
        title: 'Fla. Stat. 501.616(6) (Florida Telemarketing Act): no commercial telephone solicitation before 8 a.m. or after 8 p.m.',
        url: 'http://www.leg.state.fl.us/statutes/index.cfm?App_mode=Display_Statute&URL=0500-0599/0501/Sections/0501.616.html',
      },
    ],
  },
  {
    id: 'us-ok',
    name: 'Oklahoma',
    countries: ['US'],
    states: ['OK'],
    window: { start: '08:00', end: '20:00' },
    solicitationCap: THREE_A_DAY,
    sources: [
      {
        title: '15 O.S. 775C.4 (Oklahoma Telephone Solicitation Act of 2022): 8 a.m. to 8 p.m., at most 3 calls per 24 hours on the same subject',
        url: 'https://www.oscn.net/applications/oscn/index.asp?ftdb=STOKST15&level=1',
      },
    ],
  },
  {
    id: 'us-md',
    name: 'Maryland',
    countries: ['US'],
    states: ['MD'],
    window: { start: '08:00', end: '20:00' },
    solicitationCap: THREE_A_DAY,
    sources: [
      {
        title: 'Md. Code, Com. Law 14-4501 to 14-4504 (Stop the Spam Calls Act of 2023): 8 a.m. to 8 p.m., at most 3 calls or texts per 24 hours on the same subject',
        url: 'https://mgaleg.maryland.gov/mgawebsite/Laws/StatuteText?article=gcl&section=14-4502',
      },
    ],
  },
  {
    id: 'us-wa',
    name: 'Washington',
    countries: ['US'],
    states: ['WA'],
    window: { start: '08:00', end: '20:00' },
    sources: [
      {
        title: 'RCW 80.36.390(2): a telephone solicitor may not call before 8:00 a.m. or after 8:00 p.m. at the called party\'s location',
        url: 'https://app.leg.wa.gov/RCW/default.aspx?cite=80.36.390',
      },
    ],
  },
];

/**
 * The states a region may name after `US-` (ISO 3166-2:US). Only the US is told apart by state,
 * because only there does the law differ by state; other countries are given alone.
 */
export const US_STATES: readonly string[] = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI',
  'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT',
  'VA', 'WA', 'WV', 'WI', 'WY',
];
