/**
 * French typography, applied when French text is rendered (the web's messages and the mails), so that the
 * catalogues stay plain to write: a no-break space before « : » and a narrow no-break space before « ; ? ! »
 * and inside « », so that a narrow phone screen never breaks the line before the colon or the question
 * mark. Text without such punctuation, times (14:30) and addresses (https://…) are left alone.
 */
const NBSP = '\u00a0';
const NNBSP = '\u202f';

export function frenchTypography(text: string): string {
  return (
    text
      // a space (or none, after a word) before the high punctuation
      .replace(/[ \u00a0\u202f]+([;?!])/g, `${NNBSP}$1`)
      .replace(/[ \u00a0\u202f]+:/g, `${NBSP}:`)
      // inside the guillemets
      .replace(/«[ \u00a0\u202f]*/g, `«${NNBSP}`)
      .replace(/[ \u00a0\u202f]*»/g, `${NNBSP}»`)
  );
}
