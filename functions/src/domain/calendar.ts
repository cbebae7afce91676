/** Dates in a city's calendar (YYYY-MM-DD), working days, and instants (UTC ISO 8601). */
export interface CityCalendar {
  readonly timeZone: string;
  /** ISO weekdays that are not working days: 1 = Monday … 7 = Sunday. */
  readonly weekend: readonly number[];
  /** The city's public holidays. */
  readonly holidays: readonly string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (fromUtc(t) !== date) throw new RangeError(`Not a real calendar day: ${date}`);
  return t;
}

function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  try {
    toUtc(date);
    return true;
  } catch {
    return false;
  }
}

export function isoWeekday(date: string): number {
  const d = new Date(toUtc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWorkingDay(date: string, cal: CityCalendar): boolean {
  return !cal.weekend.includes(isoWeekday(date)) && !cal.holidays.includes(date);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function addWeeks(date: string, weeks: number): string {
  return addDays(date, weeks * 7);
}

export function addMonths(date: string, months: number): string {
  const d = new Date(toUtc(date));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The n-th working day after `date`; the day itself never counts. */
export function addWorkingDays(date: string, n: number, cal: CityCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1: ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days in (from, to]; negative (the count in (to, from]) when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, cal: CityCalendar): number {
  if (to === from) return 0;
  const [a, b, sign] = to > from ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d, cal)) count++;
  return sign * count;
}

/** The calendar date of an instant in a time zone. */
export function localDate(instant: string | Date, timeZone: string): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The UTC instant at which a local date begins in a zone (DST-safe). */
export function startOfLocalDay(date: string, timeZone: string): string {
  const midnightUtc = toUtc(date);
  // The zone's offset can only be within ±14 h: find the first instant whose local date is `date`.
  let lo = midnightUtc - 14 * 3600_000;
  let hi = midnightUtc + 14 * 3600_000;
  while (hi - lo > 60_000) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid), timeZone) < date) lo = mid;
    else hi = mid;
  }
  return new Date(Math.ceil(hi / 60_000) * 60_000).toISOString();
}
