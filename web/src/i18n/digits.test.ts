/** Count fields read the digits of every keyboard the users have, and refuse what is not a whole number. */
import { describe, expect, it } from 'vitest';
import { wholeNumber } from './digits.ts';

describe('a whole number typed in a count field', () => {
  it.each([
    ['120', 120],
    [' 120 ', 120],
    ['١٢٠', 120],
    ['۱۲۰', 120],
    ['0', 0],
  ])('"%s" is read as %d', (typed, expected) => {
    // Act, Assess
    expect(wholeNumber(typed)).toBe(expected);
  });

  it.each(['', '12.5', '1,200', '-3', '12a', '١٢,٥'])('"%s" is not read', (typed) => {
    // Act, Assess
    expect(wholeNumber(typed)).toBeUndefined();
  });
});
