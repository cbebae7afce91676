/**
 * Whether `npm start` loads the demo into an empty store: yes by default (SPEC.md, "Running it"); no with
 * `DEMO_DATA=off`, to open a real city on an empty store (README, "A new city, locally").
 */
export function demoWanted(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'on' || v === 'true' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === '0') return false;
  throw new Error(`DEMO_DATA is "${value}": use on (the default) or off.`);
}
