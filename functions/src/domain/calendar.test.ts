import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWeeks,
  addWorkingDays,
  addYears,
  type CityCalendar,
  daysBetween,
  isoWeekday,
  isValidDate,
  isWorkingDay,
  localDate,
  workingDaysBetween,
} from './calendar.ts';

// January 2027: Friday 15, Saturday 16, Sunday 17, Monday 18 … Friday 29.
const sfax: CityCalendar = { timeZone: 'Africa/Tunis', weekend: [6, 7], holidays: [] };
const sfaxWith = (...holidays: string[]): CityCalendar => ({ ...sfax, holidays });
/** A city whose weekend is Friday and Saturday. */
const fridaySaturday: CityCalendar = { timeZone: 'Asia/Riyadh', weekend: [5, 6], holidays: [] };

describe('isValidDate', () => {
  it.each(['2027-01-15', '2028-02-29', '2000-02-29', '2027-12-31', '0001-01-01'])('accepts %s', (date) => {
    expect(isValidDate(date)).toBe(true);
  });

  it.each([
    '2027-02-29',
    '1900-02-29',
    '2027-04-31',
    '2027-13-01',
    '2027-00-10',
    '2027-01-00',
    '2027-1-15',
    '27-01-15',
    '2027/01/15',
    '2027-01-15T00:00:00Z',
    ' 2027-01-15',
    '',
  ])('refuses %j', (date) => {
    expect(isValidDate(date)).toBe(false);
  });
});

describe('isoWeekday', () => {
  it.each([
    ['2027-01-11', 1],
    ['2027-01-15', 5],
    ['2027-01-16', 6],
    ['2027-01-17', 7],
    ['2028-02-29', 2],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('refuses a date that does not exist', () => {
    expect(() => isoWeekday('2027-02-29')).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('counts a weekday and not the weekend', () => {
    expect(isWorkingDay('2027-01-15', sfax)).toBe(true);
    expect(isWorkingDay('2027-01-16', sfax)).toBe(false);
    expect(isWorkingDay('2027-01-17', sfax)).toBe(false);
  });

  it('does not count a public holiday of the city', () => {
    expect(isWorkingDay('2027-01-14', sfaxWith('2027-01-14'))).toBe(false);
    expect(isWorkingDay('2027-01-14', sfax)).toBe(true);
  });

  it('follows the city’s weekend when it is Friday and Saturday', () => {
    expect(isWorkingDay('2027-01-15', fridaySaturday)).toBe(false);
    expect(isWorkingDay('2027-01-16', fridaySaturday)).toBe(false);
    expect(isWorkingDay('2027-01-17', fridaySaturday)).toBe(true);
  });
});

describe('addDays', () => {
  it.each([
    ['2027-01-15', 1, '2027-01-16'],
    ['2027-01-31', 1, '2027-02-01'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-03-27', 1, '2027-03-28'],
    ['2027-10-30', 2, '2027-11-01'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2028-01-01', -1, '2027-12-31'],
    ['2027-01-15', 0, '2027-01-15'],
    ['2027-01-15', 365, '2028-01-15'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('refuses a fraction of a day and a malformed date', () => {
    expect(() => addDays('2027-01-15', 1.5)).toThrow(RangeError);
    expect(() => addDays('2027-01-32', 1)).toThrow(RangeError);
  });

  it('refuses to leave the years 0000–9999', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('addWeeks', () => {
  it('gives the final report due date 8 weeks after a grant’s end', () => {
    expect(addWeeks('2027-01-15', 8)).toBe('2027-03-12');
  });

  it('goes back with a negative number of weeks, across a year', () => {
    expect(addWeeks('2027-01-05', -1)).toBe('2026-12-29');
  });
});

describe('addMonths', () => {
  it.each([
    ['2027-01-15', 1, '2027-02-15'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-08-31', 1, '2027-09-30'],
    ['2027-11-15', 3, '2028-02-15'],
    ['2027-03-31', -1, '2027-02-28'],
    ['2027-01-15', -1, '2026-12-15'],
    ['2027-01-15', -13, '2025-12-15'],
    ['2027-01-15', 0, '2027-01-15'],
  ])('%s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses a fraction of a month', () => {
    expect(() => addMonths('2027-01-15', 0.5)).toThrow(RangeError);
  });
});

describe('addYears', () => {
  it.each([
    ['2027-01-15', 3, '2030-01-15'],
    ['2028-02-29', 1, '2029-02-28'],
    ['2028-02-29', 4, '2032-02-29'],
    ['2028-02-29', -1, '2027-02-28'],
  ])('%s + %i years is %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2027-01-15', '2027-01-29', 14],
    ['2027-01-29', '2027-01-15', -14],
    ['2027-01-15', '2027-01-15', 0],
    ['2028-01-01', '2029-01-01', 366],
    ['2027-03-27', '2027-03-29', 2],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('refuses a malformed date', () => {
    expect(() => daysBetween('2027-01-15', '15/01/2027')).toThrow(RangeError);
  });
});

describe('addWorkingDays (the decision deadline)', () => {
  it('counts 10 working days from a Friday across two weekends', () => {
    expect(addWorkingDays('2027-01-15', 10, sfax)).toBe('2027-01-29');
  });

  it('never counts the submission day: the next working day after a Friday is Monday', () => {
    expect(addWorkingDays('2027-01-15', 1, sfax)).toBe('2027-01-18');
  });

  it('gives the same deadline for a submission on Saturday or Sunday as on the Friday before', () => {
    expect(addWorkingDays('2027-01-16', 10, sfax)).toBe('2027-01-29');
    expect(addWorkingDays('2027-01-17', 10, sfax)).toBe('2027-01-29');
  });

  it('counts from a Monday submission to the Monday two weeks on', () => {
    expect(addWorkingDays('2027-01-18', 10, sfax)).toBe('2027-02-01');
  });

  it('pushes the deadline one working day later for a holiday in the span', () => {
    expect(addWorkingDays('2027-01-15', 10, sfaxWith('2027-01-20'))).toBe('2027-02-01');
  });

  it('pushes the deadline two working days later for two consecutive holidays', () => {
    expect(addWorkingDays('2027-01-15', 10, sfaxWith('2027-01-20', '2027-01-21'))).toBe('2027-02-02');
  });

  it('does not push the deadline for a holiday that falls on a weekend', () => {
    expect(addWorkingDays('2027-01-15', 10, sfaxWith('2027-01-23'))).toBe('2027-01-29');
  });

  it('pushes the deadline when the holiday is the deadline itself', () => {
    expect(addWorkingDays('2027-01-15', 10, sfaxWith('2027-01-29'))).toBe('2027-02-01');
  });

  it('treats a submission on a holiday like one on an ordinary day', () => {
    expect(addWorkingDays('2027-01-18', 10, sfaxWith('2027-01-18'))).toBe('2027-02-01');
  });

  it('crosses a month and a year end, with holidays on a weekend and on a weekday', () => {
    // Prepare: Malaga; 25 December and 1 January are Saturdays, 6 January is a Thursday.
    const malaga: CityCalendar = {
      timeZone: 'Europe/Madrid',
      weekend: [6, 7],
      holidays: ['2027-12-25', '2028-01-01', '2028-01-06'],
    };

    // Act: submitted on Thursday 23 December.
    const deadline = addWorkingDays('2027-12-23', 10, malaga);

    // Assess: Fri 24, Mon 27 … Fri 31, Mon 3, Tue 4, Wed 5, (Thu 6 off), Fri 7.
    expect(deadline).toBe('2028-01-07');
  });

  it('counts a leap day as a working day', () => {
    expect(addWorkingDays('2028-02-25', 2, sfax)).toBe('2028-02-29');
    expect(addWorkingDays('2028-02-25', 3, sfax)).toBe('2028-03-01');
  });

  it('follows a Friday–Saturday weekend', () => {
    // Submitted on Thursday 14 January: Friday and Saturday are the weekend.
    expect(addWorkingDays('2027-01-14', 1, fridaySaturday)).toBe('2027-01-17');
    expect(addWorkingDays('2027-01-14', 10, fridaySaturday)).toBe('2027-01-28');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses n = %d', (n) => {
    expect(() => addWorkingDays('2027-01-15', n, sfax)).toThrow(RangeError);
  });

  it('refuses a malformed submission date', () => {
    expect(() => addWorkingDays('2027-02-30', 10, sfax)).toThrow(RangeError);
  });

  it('refuses a calendar without any working weekday rather than loop for ever', () => {
    const never: CityCalendar = { ...sfax, weekend: [1, 2, 3, 4, 5, 6, 7] };

    expect(() => addWorkingDays('2027-01-15', 1, never)).toThrow(RangeError);
  });
});

describe('workingDaysBetween (working days left before a deadline)', () => {
  it('counts the working days after today up to and including the deadline', () => {
    expect(workingDaysBetween('2027-01-15', '2027-01-29', sfax)).toBe(10);
    expect(workingDaysBetween('2027-01-28', '2027-01-29', sfax)).toBe(1);
  });

  it('does not count holidays', () => {
    expect(workingDaysBetween('2027-01-15', '2027-01-29', sfaxWith('2027-01-20', '2027-01-23'))).toBe(9);
  });

  it('is 0 on the deadline day itself', () => {
    expect(workingDaysBetween('2027-01-29', '2027-01-29', sfax)).toBe(0);
  });

  it('is 0 when only a weekend lies between', () => {
    expect(workingDaysBetween('2027-01-15', '2027-01-17', sfax)).toBe(0);
  });

  it('is negative, by the working days late, when the deadline has passed', () => {
    // Deadline Friday 29 January; today Tuesday 2 February: Monday 1 and Tuesday 2 are late.
    expect(workingDaysBetween('2027-02-02', '2027-01-29', sfax)).toBe(-2);
    expect(workingDaysBetween('2027-02-01', '2027-01-29', sfax)).toBe(-1);
  });

  it('is 0, not −0, when only a weekend day has passed since the deadline', () => {
    expect(Object.is(workingDaysBetween('2027-01-30', '2027-01-29', sfax), 0)).toBe(true);
  });

  it('follows a Friday–Saturday weekend', () => {
    expect(workingDaysBetween('2027-01-14', '2027-01-17', fridaySaturday)).toBe(1);
  });

  it('agrees with addWorkingDays for any submission day of a fortnight', () => {
    // Prepare
    const cal = sfaxWith('2027-01-20', '2027-01-21', '2027-01-23');

    for (let offset = 0; offset < 14; offset++) {
      const submitted = addDays('2027-01-11', offset);

      // Act
      const deadline = addWorkingDays(submitted, 10, cal);

      // Assess
      expect(workingDaysBetween(submitted, deadline, cal)).toBe(10);
      expect(isWorkingDay(deadline, cal)).toBe(true);
    }
  });

  it('refuses a malformed date', () => {
    expect(() => workingDaysBetween('2027-01-15', '2027-02-30', sfax)).toThrow(RangeError);
  });

  it('counts as a day-by-day walk of the calendar does, over years, leap days and before 1970', () => {
    // Prepare: a walk with isWorkingDay, one day at a time, is the definition the count must keep.
    const walked = (from: string, to: string, cal: CityCalendar) => {
      const [first, last] = from <= to ? [from, to] : [to, from];
      let count = 0;
      for (let day = addDays(first, 1); day <= last; day = addDays(day, 1))
        if (isWorkingDay(day, cal)) count++;
      return from <= to ? count : -count;
    };
    const cal = { ...fridaySaturday, holidays: ['2028-02-29', '1969-12-31', '2027-13-01', '2030-01-01'] };
    const pairs: [string, string][] = [
      ['2027-12-20', '2028-03-05'],
      ['2028-03-05', '2027-12-20'],
      ['1969-12-01', '1970-01-20'],
      ['2029-12-25', '2030-01-08'],
      ['2026-01-01', '2030-12-31'],
    ];

    for (const [from, to] of pairs) {
      // Act
      const counted = [workingDaysBetween(from, to, sfax), workingDaysBetween(from, to, cal)];

      // Assess
      expect(counted).toEqual([walked(from, to, sfax) || 0, walked(from, to, cal) || 0]);
    }
  });
});

describe('localDate', () => {
  it('is already the next day in Tunis at 23:30 UTC', () => {
    expect(localDate('2027-01-15T23:30:00Z', 'Africa/Tunis')).toBe('2027-01-16');
  });

  it('changes exactly at local midnight', () => {
    expect(localDate('2027-01-15T22:59:59.999Z', 'Africa/Tunis')).toBe('2027-01-15');
    expect(localDate('2027-01-15T23:00:00.000Z', 'Africa/Tunis')).toBe('2027-01-16');
  });

  it('gives different dates in two zones for the same instant near midnight', () => {
    // In summer Madrid is UTC+2 and Tunis stays UTC+1.
    expect(localDate('2027-07-15T22:30:00Z', 'Europe/Madrid')).toBe('2027-07-16');
    expect(localDate('2027-07-15T22:30:00Z', 'Africa/Tunis')).toBe('2027-07-15');
    expect(localDate('2027-01-16T03:00:00Z', 'America/New_York')).toBe('2027-01-15');
  });

  it('accepts a Date and an instant with an offset', () => {
    expect(localDate(new Date(Date.UTC(2027, 0, 15, 23, 30)), 'Africa/Tunis')).toBe('2027-01-16');
    expect(localDate('2027-01-16T00:30:00+01:00', 'UTC')).toBe('2027-01-15');
  });

  it('refuses something that is not an instant, and an unknown time zone', () => {
    expect(() => localDate('not a time', 'Africa/Tunis')).toThrow(RangeError);
    expect(() => localDate('2027-01-15T12:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('answers an instant asked again, or another of the same minute, in turn with other zones, as the first time', () => {
    const asked: [string, string, string][] = [
      ['2027-07-15T22:30:00Z', 'Europe/Madrid', '2027-07-16'],
      ['2027-07-15T22:30:00Z', 'Africa/Tunis', '2027-07-15'],
      ['2027-07-15T22:30:00Z', 'Europe/Madrid', '2027-07-16'],
      ['2027-07-15T21:59:00Z', 'Europe/Madrid', '2027-07-15'],
      ['2027-07-15T22:30:00Z', 'Africa/Tunis', '2027-07-15'],
      ['2027-07-15T22:30:00Z', 'Europe/Madrid', '2027-07-16'],
      // The last second before Madrid's midnight, and its first instant.
      ['2027-07-15T21:59:59.999Z', 'Europe/Madrid', '2027-07-15'],
      ['2027-07-15T22:00:00.000Z', 'Europe/Madrid', '2027-07-16'],
      ['2027-07-15T21:59:59.999Z', 'Europe/Madrid', '2027-07-15'],
      // Monrovia was UTC−0:44:30 until 1972: its dates changed in the middle of a UTC minute.
      ['1971-06-01T00:44:29Z', 'Africa/Monrovia', '1971-05-31'],
      ['1971-06-01T00:44:30Z', 'Africa/Monrovia', '1971-06-01'],
    ];
    expect(asked.map(([instant, zone]) => localDate(instant, zone))).toEqual(asked.map(([, , date]) => date));
  });
});
