/**
 * Whole numbers typed in a count field (an indicator's target or result, an activity's target) in any of
 * the digits a phone's keyboard gives: Latin, Arabic-Indic (٠–٩) or Persian (۰–۹), as money fields take
 * them. Anything else is not read (no guess): the field then says to use a whole number.
 */
export function wholeNumber(text: string): number | undefined {
  const latin = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  return /^[0-9]+$/.test(latin) ? Number(latin) : undefined;
}
