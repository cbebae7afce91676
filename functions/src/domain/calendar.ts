/**
 * Dates in a city's calendar are `YYYY-MM-DD` strings; instants are UTC ISO 8601 strings.
 * Date arithmetic is done on UTC midnights, so that no daylight-saving change can shift a day.
 */
export interface CityCalendar {
  /** IANA time zone, e.g. 'Africa/Tunis', 'Europe/Madrid'. */
  readonly timeZone: string;
  /** ISO weekdays that are not working days: 1 = Monday … 7 = Sunday. */
  readonly weekend: readonly number[];
  /** The city's public holidays, YYYY-MM-DD. */
  readonly holidays: readonly string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The UTC midnight of a date, in milliseconds; RangeError unless it is a real YYYY-MM-DD day. */
function toUtc(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const t = new Date(0).setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (fromUtc(t) !== date) throw new RangeError(`not a real calendar day: ${date}`);
  return t;
}

/** The YYYY-MM-DD date of a UTC midnight; RangeError outside the years 0000–9999. */
function fromUtc(t: number): string {
  const d = new Date(t);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError('date out of range (years 0000–9999)');
  return d.toISOString().slice(0, 10);
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number: ${value}`);
}

/** A strict YYYY-MM-DD that is a real calendar day: 2028-02-29 is, 2027-02-29 is not. */
export function isValidDate(date: string): boolean {
  try {
    toUtc(date);
    return true;
  } catch {
    return false;
  }
}

/** The ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(toUtc(date)).getUTCDay() || 7;
}

/** Neither a weekend day nor a public holiday of the city. */
export function isWorkingDay(date: string, cal: CityCalendar): boolean {
  return !cal.weekend.includes(isoWeekday(date)) && !cal.holidays.includes(date);
}

export function addDays(date: string, days: number): string {
  assertInteger('days', days);
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function addWeeks(date: string, weeks: number): string {
  assertInteger('weeks', weeks);
  return addDays(date, weeks * 7);
}

/** Same day of the month, clamped to the month's end: 2027-01-31 + 1 month → 2027-02-28. */
export function addMonths(date: string, months: number): string {
  assertInteger('months', months);
  const start = new Date(toUtc(date));
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(new Date(0).setUTCFullYear(year, month + 1, 0)).getUTCDate();
  return fromUtc(new Date(0).setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay)));
}

/** Same day, clamped to the month's end: 2028-02-29 + 1 year → 2029-02-28. */
export function addYears(date: string, years: number): string {
  assertInteger('years', years);
  return addMonths(date, years * 12);
}

/** to − from in calendar days; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/**
 * The n-th working day after `date` (n ≥ 1): the decision deadline of an application submitted on
 * `date`. The day itself never counts, whether or not it is a working day.
 */
export function addWorkingDays(date: string, n: number, cal: CityCalendar): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1: ${n}`);
  if ([1, 2, 3, 4, 5, 6, 7].every((day) => cal.weekend.includes(day))) {
    throw new RangeError('a calendar whose every weekday is weekend has no working day');
  }
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, cal)) left--;
  }
  return day;
}

/**
 * The working days in (from, to]: the "working days left" before a deadline. 0 when they are the
 * same day; negative when `to` is earlier (minus the working days in (to, from]), i.e. days late.
 * Counted on UTC midnights rather than date strings: a grant's view computes it on every read, and a
 * deadline weeks away made it the largest part of the view's CPU (bench/findings.md, 2026-12-01).
 */
export function workingDaysBetween(from: string, to: string, cal: CityCalendar): number {
  const [a, b] = [toUtc(from), toUtc(to)];
  const [first, last] = a > b ? [b, a] : [a, b];
  const holidays = holidaysOf(cal);
  let count = 0;
  for (let t = first + DAY_MS; t <= last; t += DAY_MS) {
    if (!cal.weekend.includes(weekdayAt(t)) && !holidays.has(t)) count++;
  }
  return a > b && count > 0 ? -count : count; // never −0
}

/** The ISO weekday of a UTC midnight (1 = Monday … 7 = Sunday); 1970-01-01 was a Thursday. */
const weekdayAt = (t: number) => ((((Math.round(t / DAY_MS) + 3) % 7) + 7) % 7) + 1;

const holidayDays = new WeakMap<readonly string[], ReadonlySet<number>>();

/** A calendar's holidays as UTC midnights (a holiday that is not a real day matches none), once per list. */
function holidaysOf(cal: CityCalendar): ReadonlySet<number> {
  let days = holidayDays.get(cal.holidays);
  if (!days) {
    days = new Set(cal.holidays.filter(isValidDate).map(toUtc));
    holidayDays.set(cal.holidays, days);
  }
  return days;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar date of an instant in a time zone: 2027-01-15T23:30:00Z in Africa/Tunis → 2027-01-16. */
export function localDate(instant: string | Date, timeZone: string): string {
  const t = new Date(instant).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return localDateAt(t, timeZone);
}

/**
 * The minute last asked for in each time zone, and its date. Every view asks for today's date (a grant's:
 * whether its decision is late, the working days left), and formatting an instant is most of what that
 * costs; a date changes only on a whole minute, since every zone's offset from UTC has been whole minutes
 * since 1972 (Monrovia's −0:44:30 was the last), so the instants of one minute share their date.
 */
const lastMinute = new Map<string, { readonly minute: number; readonly date: string }>();
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1);

function localDateAt(t: number, timeZone: string): string {
  const minute = Math.floor(t / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.minute === minute) return last.date;
  const parts = dateFormat(timeZone).formatToParts(t);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  if (t >= WHOLE_MINUTE_OFFSETS_SINCE) lastMinute.set(timeZone, { minute, date });
  return date;
}
