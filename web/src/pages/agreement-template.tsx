/**
 * The admin's agreement template: one text area per language (the title after "#", each of the nine
 * sections after "##", in order; blanks written {{name}}), a preview of each, and a save that gives a new
 * version. Saved with If-Match, so that another admin's change is not overwritten; the next approval
 * draws its agreement up from it, and agreements already drawn up never change.
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api, checked, type FieldError, read } from '../api/client.ts';
import { errorText } from '../field-errors.ts';
import { LANGS, type Lang, t } from '../i18n/index.ts';
import { ErrorBox, Page, Show, useLoad } from '../ui.tsx';

type Template = Awaited<ReturnType<typeof loadTemplate>>;
type TemplateText = Template['languages'][Lang];
type Sections = TemplateText['sections'];
const loadTemplate = () => read(api.v1.city['agreement-template'].$get());

export function AgreementTemplatePage() {
  const load = useLoad(loadTemplate, []);
  return (
    <Page title={t('template.title')} lead={t('template.lead')}>
      <Show load={load}>{(template) => <TemplateForm template={template} />}</Show>
    </Page>
  );
}

/** The text as the admin edits it: "# title", then "## heading" and the body of each section. */
function toText(text: TemplateText): string {
  const sections = Object.values(text.sections).map((s) => `## ${s.heading}\n${s.body}`);
  return [`# ${text.title}`, ...sections].join('\n\n');
}

/** The edited text back in the template's shape, or undefined when its title or sections are not all there. */
function fromText(source: string, ids: readonly (keyof Sections)[]): TemplateText | undefined {
  let title: string | undefined;
  const parts: { heading: string; lines: string[] }[] = [];
  for (const line of source.split('\n')) {
    if (line.startsWith('## ')) parts.push({ heading: line.slice(3).trim(), lines: [] });
    else if (line.startsWith('# ') && title === undefined && parts.length === 0) title = line.slice(2).trim();
    else if (line.trim()) parts.at(-1)?.lines.push(line);
  }
  if (title === undefined || parts.length !== ids.length) return undefined;
  const sections: Record<string, { heading: string; body: string }> = {};
  ids.forEach((id, i) => {
    const part = parts[i];
    if (part) sections[id] = { heading: part.heading, body: part.lines.join('\n') };
  });
  return { title, sections: sections as Sections };
}

function TemplateForm(props: { template: Template }) {
  const [template, setTemplate] = useState(props.template);
  const [texts, setTexts] = useState<Record<Lang, string>>({
    en: toText(props.template.languages.en),
    fr: toText(props.template.languages.fr),
    ar: toText(props.template.languages.ar),
  });
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = Object.keys(template.languages.en.sections) as (keyof Sections)[];
  const errors: readonly FieldError[] = error instanceof ApiProblem ? error.errors : [];
  return (
    <form
      class="card template-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        setError(undefined);
        const parsed = LANGS.map((lang) => [lang, fromText(texts[lang], ids)] as const);
        const broken: FieldError[] = parsed
          .filter(([, text]) => text === undefined)
          .map(([lang]) => ({ path: `languages.${lang}`, message: '', rule: 'template_shape' }));
        if (broken.length > 0) {
          setError(new ApiProblem(400, 'invalid', undefined, broken));
          return;
        }
        setBusy(true);
        try {
          const body = { languages: Object.fromEntries(parsed) };
          const next = await read(
            api.v1.city['agreement-template'].$put(
              { json: await checked('AgreementTemplateInput', body) },
              { headers: { 'If-Match': `"${template.version}"` } },
            ),
          );
          setTemplate(next);
          setSaved(true);
        } catch (x) {
          setError(x);
        } finally {
          setBusy(false);
        }
      }}
    >
      <p>
        {t('template.version')} <bdi>{template.version}</bdi>
      </p>
      <details>
        <summary>{t('template.blanks')}</summary>
        <p class="hint">{t('template.format', { example: '{{organisation.name}}' })}</p>
        <ul class="blanks" dir="ltr">
          {[...template.blanks, ...template.listBlanks].map((b) => (
            <li key={b}>
              <code>{`{{${b}}}`}</code>
            </li>
          ))}
        </ul>
      </details>
      {error !== undefined && <ErrorBox error={error} fields={[]} />}
      {LANGS.map((lang) => {
        const mine = errors.filter(
          (x) => x.path === `languages.${lang}` || x.path.startsWith(`languages.${lang}.`),
        );
        const preview = fromText(texts[lang], ids);
        return (
          <fieldset key={lang} lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
            <legend>{t(`lang.${lang}`)}</legend>
            {mine.length > 0 && (
              <ul class="field-error" id={`tpl-${lang}-error`}>
                {mine.map((x) => (
                  <li key={`${x.path}:${x.message}`}>
                    {errorText(x)} <bdi dir="ltr">{where(x.path)}</bdi>
                  </li>
                ))}
              </ul>
            )}
            <label for={`tpl-${lang}`}>{t('template.text', { lang: t(`lang.${lang}`) })}</label>
            <textarea
              id={`tpl-${lang}`}
              rows={16}
              dir="auto"
              value={texts[lang]}
              aria-invalid={mine.length > 0}
              aria-describedby={mine.length > 0 ? `tpl-${lang}-error` : undefined}
              onInput={(e) => setTexts({ ...texts, [lang]: e.currentTarget.value })}
            />
            <details>
              <summary>{t('template.preview', { lang: t(`lang.${lang}`) })}</summary>
              {preview ? <Preview text={preview} /> : <p class="muted">{t('rule.template_shape')}</p>}
            </details>
          </fieldset>
        );
      })}
      {saved && (
        <p class="ok" role="status">
          {t('template.saved', { version: template.version })}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('template.save')}
      </button>
    </form>
  );
}

/** Where a problem is, from its path: the section and the line ("finances, line 3"). */
function where(path: string): string {
  const section = /sections\.(\w+)/.exec(path)?.[1];
  const line = /\(line (\d+)\)/.exec(path)?.[1];
  return [section, line && `${t('template.line')} ${line}`].filter(Boolean).join(', ');
}

/** The template as the agreement will read, its blanks marked where the partnership's values will go. */
function Preview(props: { text: TemplateText }) {
  const marked = (s: string) =>
    s
      .split(/(\{\{[^{}]*\}\})/)
      .map((part, i) => (part.startsWith('{{') ? <mark key={i}>{part}</mark> : part));
  return (
    <div class="preview prose">
      <h3>{marked(props.text.title)}</h3>
      {Object.entries(props.text.sections).map(([id, s]) => (
        <div key={id}>
          <h4>{marked(s.heading)}</h4>
          {s.body.split('\n').map((line, i) => (
            <p key={i}>{marked(line)}</p>
          ))}
        </div>
      ))}
    </div>
  );
}
