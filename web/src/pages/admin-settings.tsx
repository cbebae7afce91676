/**
 * The admin's city settings: the fast-track ceiling and the public holidays of each year (Islamic
 * holidays move every year, so the admin edits them yearly). Saved with If-Match: a change made
 * meanwhile by another admin is not overwritten.
 */
import { useState } from 'preact/hooks';
import { api, checked, read } from '../api/client.ts';
import { formatDate, t, toDecimalInput } from '../i18n/index.ts';
import { MoneyField } from '../money-field.tsx';
import { ifMatch, SaveForm } from '../save-form.tsx';
import { Field, Page, Show, useLoad } from '../ui.tsx';
import { TextField } from './text-field.tsx';

type City = Awaited<ReturnType<typeof loadCity>>;
const loadCity = () => read(api.v1.city.$get());

export function Settings() {
  const load = useLoad(loadCity, []);
  return (
    <Page title={t('settings.title')} lead={t('settings.lead')}>
      <Show load={load}>{(city) => <SettingsForm city={city} />}</Show>
    </Page>
  );
}

function SettingsForm(props: { city: City }) {
  const [city, setCity] = useState(props.city);
  const [ceiling, setCeiling] = useState(toDecimalInput(city.fastTrackCeiling));
  const [amount, setAmount] = useState<number | undefined>(city.fastTrackCeiling.amount);
  const [holidays, setHolidays] = useState<string[]>([...city.calendar.holidays].sort());
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [day, setDay] = useState('');
  const ofYear = holidays.filter((h) => h.startsWith(`${year}-`));
  const years = [...new Set([year, ...holidays.map((h) => h.slice(0, 4))])].sort();

  return (
    <SaveForm
      fieldId={(path) => (path.startsWith('fastTrackCeiling') ? 'settings-ceiling' : 'settings-day')}
      save={async () => {
        const body = {
          fastTrackCeiling: { amount: amount ?? -1, currency: city.currency },
          calendar: { holidays },
        };
        setCity(
          await read(api.v1.city.$patch({ json: await checked('CityPatch', body) }, ifMatch(city.version))),
        );
      }}
    >
      {(errors) => (
        <>
          <MoneyField
            id="settings-ceiling"
            label={t('settings.ceiling')}
            hint={t('settings.ceiling.hint')}
            error={errors['fastTrackCeiling.amount'] ?? errors.fastTrackCeiling}
            value={ceiling}
            currency={city.currency}
            onInput={(text, minor) => {
              setCeiling(text);
              setAmount(minor);
            }}
          />
          <fieldset class="field">
            <legend>{t('settings.holidays')}</legend>
            <Field id="settings-year" label={t('settings.year')}>
              {(d) => (
                <select
                  id="settings-year"
                  aria-describedby={d}
                  value={year}
                  onChange={(e) => setYear(e.currentTarget.value)}
                >
                  {[...new Set([...years, String(Number(year) + 1)])].map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {ofYear.length === 0 ? (
              <p>{t('settings.noHolidays')}</p>
            ) : (
              <ul class="holidays">
                {ofYear.map((h) => (
                  <li key={h}>
                    <time dateTime={h}>{formatDate(h)}</time>{' '}
                    <button
                      type="button"
                      class="link"
                      aria-label={t('settings.removeHoliday', { date: formatDate(h) })}
                      onClick={() => setHolidays(holidays.filter((x) => x !== h))}
                    >
                      {t('settings.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <TextField
              id="settings-day"
              type="date"
              label={t('settings.newHoliday')}
              hint={t('settings.newHoliday.hint')}
              error={errors['calendar.holidays']}
              value={day}
              onInput={setDay}
            />
            <p>
              <button
                type="button"
                onClick={() => {
                  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || holidays.includes(day)) return;
                  setHolidays([...holidays, day].sort());
                  setYear(day.slice(0, 4));
                  setDay('');
                }}
              >
                {t('settings.addHoliday')}
              </button>
            </p>
          </fieldset>
        </>
      )}
    </SaveForm>
  );
}
