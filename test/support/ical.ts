/**
 * A strict little reader of iCalendar text (RFC 5545) for tests: lines end in CRLF, folded lines
 * are joined, every BEGIN has its END, and each property's value is unescaped. It throws on
 * anything else, so "it parses" means a calendar program can read the file's structure.
 */
export interface IcalComponent {
  name: string;
  /** Each property's values (a property may repeat), by name; parameters under `params`. */
  props: Record<string, string[]>;
  params: Record<string, Record<string, string>>;
  children: IcalComponent[];
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function parseIcal(text: string): IcalComponent {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar file ends with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  if (physical.some((l) => l.includes('\n'))) throw new Error('bare LF inside a line');
  const lines: string[] = [];
  for (const l of physical) {
    if (/^[ \t]/.test(l)) {
      if (!lines.length) throw new Error('a continuation line comes first');
      lines[lines.length - 1] += l.slice(1);
    } else lines.push(l);
  }
  const stack: IcalComponent[] = [];
  let root: IcalComponent | undefined;
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (!m) throw new Error(`not a content line: ${line}`);
    const [, rawName, rawParams, value] = m as unknown as [string, string, string, string];
    const name = rawName.toUpperCase();
    if (name === 'BEGIN') {
      const c: IcalComponent = { name: value.toUpperCase(), props: {}, params: {}, children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(c);
      else if (root) throw new Error('a second top-level component');
      else root = c;
      stack.push(c);
      continue;
    }
    if (name === 'END') {
      const c = stack.pop();
      if (!c || c.name !== value.toUpperCase()) throw new Error(`END:${value} does not close ${c?.name ?? 'anything'}`);
      continue;
    }
    const current = stack[stack.length - 1];
    if (!current) throw new Error(`property ${name} outside any component`);
    (current.props[name] ??= []).push(unescapeText(value));
    if (rawParams) current.params[name] = Object.fromEntries(rawParams.slice(1).split(';').map((p) => p.split('=') as [string, string]));
  }
  if (!root || stack.length) throw new Error('unbalanced BEGIN/END');
  if (root.name !== 'VCALENDAR') throw new Error(`top-level ${root.name}, not VCALENDAR`);
  return root;
}

/** The calendar's VEVENTs as flat records of their first value per property. */
export function eventsOf(calendar: IcalComponent): Record<string, string>[] {
  return calendar.children.filter((c) => c.name === 'VEVENT').map((e) => Object.fromEntries(Object.entries(e.props).map(([k, v]) => [k, v[0]!])));
}

/** A property's first value on the calendar itself (METHOD, X-WR-CALNAME...). */
export const calendarProp = (calendar: IcalComponent, name: string): string | undefined => calendar.props[name]?.[0];
