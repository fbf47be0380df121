/**
 * The two vocabularies of the relevance bench, written independently of the
 * search's own lexicon (src/matrix/understanding/ is the system under test and
 * is not read here):
 *
 * - the corpus side: how another agency's ATS titles the generator's roles and
 *   certifications (`title`, `to`), so worker rows are not worded like src/demo/;
 * - the coordinator side: how people ask for them (`say`: the generator's
 *   title or its everyday name; `syn`: abbreviations, trade slang, synonyms).
 *
 * A query never names a renamed role by its corpus title, so a search that only
 * matches words cannot score by echoing the corpus back.
 */
import type { AVAILABILITY } from '../../src/workers/worker.ts';

export type Shift = (typeof AVAILABILITY)[number];

export interface RoleWording {
  /** The generator's title (src/demo/roles.ts). */
  from: string;
  /** The corpus title; equal to `from` for the ~20 roles kept as they are. */
  title: string;
  /** Plain coordinator wording: the generator's title or the everyday name. */
  say: readonly string[];
  /** Abbreviations and synonyms, for the `synonym` queries. */
  syn: readonly string[];
}

const r = (from: string, title: string, say: string[], syn: string[]): RoleWording => ({ from, title, say, syn });

export const ROLE_WORDING: readonly RoleWording[] = [
  r('Warehouse Associate', 'Warehouse Worker', ['warehouse associate'], ['warehouse helper', 'warehouse laborer']),
  r('Forklift Operator', 'Lift Truck Operator', ['forklift operator'], ['forklift driver', 'hi-lo driver']),
  r('Picker Packer', 'Pick/Pack Associate', ['picker packer'], ['order filler', 'pick and pack worker']),
  r('Material Handler', 'Material Handler', ['material handler'], ['materials handler', 'stock handler']),
  r(
    'Shipping and Receiving Clerk',
    'Shipping & Receiving Coordinator',
    ['shipping and receiving clerk'],
    ['receiving clerk', 'shipping clerk'],
  ),
  r('Inventory Control Specialist', 'Inventory Clerk', ['inventory control specialist'], ['inventory specialist', 'cycle counter']),
  r('Reach Truck Operator', 'Reach Truck Operator', ['reach truck operator'], ['reach truck driver', 'reach forklift operator']),
  r('Warehouse Supervisor', 'Warehouse Supervisor', ['warehouse supervisor'], ['warehouse lead', 'warehouse shift lead']),
  r('Freight Dispatcher', 'Logistics Dispatcher', ['freight dispatcher'], ['truck dispatcher', 'fleet dispatcher']),
  r(
    'CDL-A Truck Driver',
    'Class A CDL Driver',
    ['CDL-A truck driver', 'CDL A driver'],
    ['class A driver', 'tractor trailer driver', 'OTR driver'],
  ),
  r('CDL-B Delivery Driver', 'Class B Route Driver', ['CDL-B delivery driver'], ['class B driver', 'box truck driver']),
  r('Delivery Driver', 'Courier Driver', ['delivery driver'], ['courier', 'van driver']),
  r('Yard Jockey', 'Yard Hostler', ['yard jockey'], ['yard driver', 'spotter driver']),
  r('Production Worker', 'Production Associate', ['production worker'], ['assembly line worker', 'factory worker']),
  r('Machine Operator', 'Machine Operator', ['machine operator'], ['machine op', 'press operator']),
  r('CNC Machinist', 'CNC Machinist', ['CNC machinist'], ['CNC operator', 'machinist']),
  r('Quality Control Inspector', 'QC Inspector', ['quality control inspector'], ['quality inspector', 'QA inspector']),
  r('Packaging Operator', 'Line Packer', ['packaging operator'], ['packaging worker', 'packer']),
  r('Welder', 'Welder', ['welder'], ['MIG welder', 'welding tech']),
  r(
    'Industrial Maintenance Technician',
    'Maintenance Mechanic',
    ['industrial maintenance technician', 'maintenance technician'],
    ['industrial mechanic', 'plant maintenance tech'],
  ),
  r('General Laborer', 'General Laborer', ['general laborer'], ['general labor']),
  r('Construction Laborer', 'Construction Worker', ['construction laborer'], ['construction helper', 'site laborer']),
  r('Carpenter', 'Carpenter', ['carpenter'], ['framer', 'finish carpenter']),
  r('Electrician', 'Journeyman Electrician', ['electrician'], ['licensed electrician', 'wireman']),
  r('Electrician Helper', 'Electrical Apprentice', ['electrician helper'], ['electrical helper', "electrician's helper"]),
  r('HVAC Technician', 'HVAC Service Tech', ['HVAC technician'], ['AC technician', 'heating and cooling tech']),
  r('Plumber', 'Plumber', ['plumber'], ['plumbing technician', 'service plumber']),
  r('Painter', 'Commercial Painter', ['painter'], ['paint technician', 'industrial painter']),
  r('Drywall Installer', 'Drywall Hanger', ['drywall installer'], ['drywaller', 'sheetrock installer']),
  r('Flagger', 'Flagger', ['flagger'], ['flag person', 'traffic controller']),
  r('Heavy Equipment Operator', 'Heavy Equipment Operator', ['heavy equipment operator'], ['excavator operator', 'equipment operator']),
  r('Certified Nursing Assistant', 'CNA', ['certified nursing assistant'], ['nurse aide', 'nursing assistant']),
  r('Home Health Aide', 'Home Care Aide', ['home health aide'], ['HHA', 'caregiver']),
  r('Medical Assistant', 'Clinical Medical Assistant', ['medical assistant'], ['clinical assistant', 'medical office assistant']),
  r('Phlebotomist', 'Phlebotomist', ['phlebotomist'], ['phlebotomy tech', 'blood draw technician']),
  r('Patient Care Technician', 'Patient Care Tech (PCT)', ['patient care technician'], ['patient care assistant', 'hospital tech']),
  r('Sterile Processing Technician', 'Central Service Technician', ['sterile processing technician'], ['SPD tech', 'sterile tech']),
  r('Hotel Housekeeper', 'Room Attendant', ['hotel housekeeper', 'housekeeper'], ['maid', 'housekeeping staff']),
  r('Banquet Server', 'Banquet Server', ['banquet server'], ['catering server', 'banquet staff']),
  r('Front Desk Agent', 'Guest Services Agent', ['front desk agent'], ['front desk clerk', 'hotel desk clerk']),
  r('Bartender', 'Bartender', ['bartender'], ['barkeep', 'mixologist']),
  r('Line Cook', 'Line Cook', ['line cook'], ['grill cook', 'short order cook']),
  r('Prep Cook', 'Prep Cook', ['prep cook'], ['kitchen prep', 'food prep worker']),
  r('Dishwasher', 'Dishwasher', ['dishwasher'], ['dish washer', 'kitchen porter']),
  r('Server', 'Food Server', ['server'], ['waiter', 'waitress']),
  r('Barista', 'Barista', ['barista'], ['coffee shop worker', 'espresso bar staff']),
  r('Retail Sales Associate', 'Sales Floor Associate', ['retail sales associate', 'retail associate'], ['sales clerk', 'store associate']),
  r('Cashier', 'Cashier', ['cashier'], ['checker', 'checkout clerk']),
  r('Retail Merchandiser', 'Merchandising Rep', ['retail merchandiser'], ['merchandiser', 'field merchandiser']),
  r('Administrative Assistant', 'Office Assistant', ['administrative assistant'], ['admin assistant', 'secretary']),
  r('Data Entry Clerk', 'Data Entry Operator', ['data entry clerk'], ['data entry specialist', 'typist']),
  r('Receptionist', 'Receptionist', ['receptionist'], ['office greeter', 'switchboard operator']),
  r(
    'Customer Service Representative',
    'Customer Care Rep',
    ['customer service representative', 'customer service rep'],
    ['CSR', 'call center agent'],
  ),
  r('Bookkeeper', 'Accounting Clerk', ['bookkeeper'], ['bookkeeping clerk', 'accounts clerk']),
  r('Security Guard', 'Unarmed Security Officer', ['security guard'], ['unarmed guard', 'security patrol']),
  r('Armed Security Officer', 'Armed Guard', ['armed security officer'], ['armed security', 'armed officer']),
  r('Janitor', 'Custodian', ['janitor'], ['janitorial worker', 'building porter']),
  r('Commercial Cleaner', 'Cleaning Technician', ['commercial cleaner'], ['office cleaner', 'cleaner']),
  r('Groundskeeper', 'Landscape Laborer', ['groundskeeper'], ['landscaper', 'grounds maintenance worker']),
];

// A coordinator never types the corpus title of a renamed role: that would let word overlap score.
for (const w of ROLE_WORDING) {
  if (w.title === w.from) continue;
  const echo = [...w.say, ...w.syn].find((t) => t.toLowerCase().includes(w.title.toLowerCase()));
  if (echo) throw new Error(`query wording ${JSON.stringify(echo)} contains the corpus title ${w.title}`);
}

/**
 * Broad words that rightly take more than one role: "laborer" is either kind,
 * "cook" either station. Every other wording takes exactly its own role.
 */
export const BROAD_TERMS: readonly { say: string; from: readonly string[] }[] = [
  { say: 'laborer', from: ['General Laborer', 'Construction Laborer'] },
  { say: 'cook', from: ['Line Cook', 'Prep Cook'] },
];

export interface CertWording {
  from: string;
  to: string;
  /** How a coordinator writes it; empty when queries never ask for it. */
  say: readonly string[];
}

const c = (from: string, to: string, ...say: string[]): CertWording => ({ from, to, say });

/** Every certification the generator hands out; the ones not listed keep their name and are never asked for. */
export const CERT_WORDING: readonly CertWording[] = [
  c('OSHA 10', 'OSHA-10 Hour', 'OSHA 10', 'OSHA 10-hour', 'osha10'),
  c('OSHA 30', 'OSHA 30-Hour Construction', 'OSHA 30'),
  c('Forklift Certification', 'Forklift Certified', 'forklift certification', 'forklift cert', 'forklift license'),
  c('CPR', 'CPR/AED', 'CPR'),
  c('First Aid', 'Basic First Aid', 'first aid'),
  c('BLS', 'BLS Provider', 'BLS'),
  c('ServSafe Food Handler', 'Food Handler Card', 'ServSafe', 'ServSafe food handler'),
  c('ServSafe Manager', 'Certified Food Protection Manager', 'ServSafe Manager'),
  c('TIPS', 'TIPS Certified', 'TIPS'),
  c('DOT Medical Card', "DOT Medical Examiner's Certificate", 'DOT medical card', 'DOT med card'),
  c('CDL Class A', 'Class A CDL', 'CDL Class A', 'CDL-A'),
  c('CDL Class B', 'Class B CDL', 'CDL Class B', 'CDL-B'),
  c('HAZMAT Endorsement', 'Hazmat (H) Endorsement', 'hazmat endorsement'),
  c('Tanker Endorsement', 'Tanker (N) Endorsement', 'tanker endorsement'),
  c('TWIC Card', 'TWIC', 'TWIC card'),
  c('Guard Card', 'State Security License', 'guard card'),
  c('Armed Guard Permit', 'Firearms Permit', 'armed guard permit'),
  c('EPA 608 Universal', 'EPA Section 608 Universal', 'EPA 608'),
  c('NATE Certification', 'NATE Certified'),
  c('Journeyman License', 'Journeyman Electrician License', 'journeyman license'),
  c('NFPA 70E', 'Arc Flash NFPA 70E'),
  c('Flagger Certification', 'Certified Flagger', 'flagger certification', 'flagger card'),
  c('Bloodborne Pathogens Training', 'Bloodborne Pathogens', 'bloodborne pathogens training', 'BBP training'),
  c('CNA License', 'State CNA Certification', 'CNA license'),
  c('HHA Certification', 'Home Health Aide Certificate', 'HHA certification'),
  c('CPT (Phlebotomy)', 'Certified Phlebotomy Technician (CPT)', 'phlebotomy certification'),
  c('PCT Certification', 'CPCT', 'PCT certification'),
  c('Microsoft Office Specialist', 'MOS Certified'),
  c("Valid Driver's License", "Driver's License", "valid driver's license", 'valid DL'),
  c('Lockout/Tagout Training', 'LOTO Trained'),
  c('AWS D1.1 Certification', 'AWS D1.1 Structural Welding', 'AWS D1.1'),
  c('Aerial Lift Certification', 'MEWP Operator Training'),
  c('NCCCO Certification', 'NCCCO Crane Operator'),
  c('Scaffold Training', 'Scaffold User Training'),
];

/** Shift wording: `plain` as the load harness writes it, `syn` the shop-floor names. */
export const SHIFT_WORDING: Record<Shift, { plain: readonly string[]; withShift: string; syn: readonly string[] }> = {
  days: { plain: ['days', 'day shift'], withShift: 'day shift', syn: ['first shift', '1st shift', 'daytime hours'] },
  nights: { plain: ['nights', 'night shift'], withShift: 'night shift', syn: ['third shift', '3rd shift', 'graveyard', 'overnight'] },
  swing: { plain: ['swing shift'], withShift: 'swing shift', syn: ['second shift', '2nd shift', 'evenings'] },
  weekends: { plain: ['weekends', 'weekend shift'], withShift: 'weekend shift', syn: ['Saturdays and Sundays', 'Sat/Sun'] },
  on_call: { plain: ['on call', 'on-call coverage'], withShift: 'on-call coverage', syn: ['PRN', 'as needed'] },
};

/**
 * Metro nicknames a coordinator uses instead of a city. Each is a radius around
 * an anchor city chosen so the metro's corpus cities fall inside (DFW: Irving
 * sits between Dallas and Fort Worth; the Bay Area: San Mateo reaches SF,
 * Oakland and San Jose).
 */
export const NICKNAMES: readonly { say: string; city: string; state: string; miles: number }[] = [
  { say: 'DFW', city: 'Irving', state: 'TX', miles: 40 },
  { say: 'the Bay Area', city: 'San Mateo', state: 'CA', miles: 40 },
  { say: 'the Twin Cities', city: 'Minneapolis', state: 'MN', miles: 25 },
  { say: 'Chicagoland', city: 'Chicago', state: 'IL', miles: 40 },
  { say: 'the Inland Empire', city: 'Fontana', state: 'CA', miles: 25 },
  { say: 'the Phoenix metro', city: 'Phoenix', state: 'AZ', miles: 30 },
  { say: 'Tampa Bay', city: 'Tampa', state: 'FL', miles: 30 },
  { say: 'Hampton Roads', city: 'Norfolk', state: 'VA', miles: 30 },
  { say: 'the Triangle', city: 'Cary', state: 'NC', miles: 25 },
  { say: 'South Florida', city: 'Fort Lauderdale', state: 'FL', miles: 35 },
  { say: 'the NYC metro', city: 'New York', state: 'NY', miles: 30 },
  { say: 'Puget Sound', city: 'Kent', state: 'WA', miles: 30 },
];

/** "near X" anchors that are not corpus cities: the answer must come from the metro's corpus cities. */
export const SUBURB_ANCHORS: readonly { city: string; state: string }[] = [
  { city: 'Irving', state: 'TX' },
  { city: 'Tempe', state: 'AZ' },
  { city: 'Pasadena', state: 'CA' },
  { city: 'Bellevue', state: 'WA' },
  { city: 'Evanston', state: 'IL' },
  { city: 'Cambridge', state: 'MA' },
  { city: 'Hoboken', state: 'NJ' },
  { city: 'Bloomington', state: 'MN' },
  { city: 'Round Rock', state: 'TX' },
  { city: 'Kissimmee', state: 'FL' },
  { city: 'Marietta', state: 'GA' },
  { city: 'Lakewood', state: 'CO' },
  { city: 'Sugar Land', state: 'TX' },
  { city: 'Garland', state: 'TX' },
];

export const STATE_NAMES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'the District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};

const UNCOUNTABLE = /(staff|labor|prep|help|security)$/i;

/** "welder" -> "welders", "CNA" -> "CNAs", "SPD tech" -> "SPD techs", "banquet staff" stays. */
export function plural(term: string): string {
  if (UNCOUNTABLE.test(term)) return term;
  if (/tech$/i.test(term)) return `${term}s`;
  if (/(s|sh|ch|x)$/i.test(term)) return `${term}es`;
  if (/[^aeiou]y$/i.test(term)) return `${term.slice(0, -1)}ies`;
  return `${term}s`;
}
