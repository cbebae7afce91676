import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fieldErrors } from '../../functions/src/contract/problem.ts';
import { GrantApplication } from '../../functions/src/contract/requests.ts';
import { errorText } from './field-errors.ts';
import { setLang } from './i18n/index.ts';

beforeAll(async () => {
  vi.stubGlobal('document', { documentElement: {} });
  await setLang('fr', false);
});

describe('field errors in the reader’s language', () => {
  it('translates by the structured fields, whatever the English message says', () => {
    // Prepare: the server's answer, then the same with every message reworded
    const issues = GrantApplication.safeParse({
      track: 'fast',
      title: 'x'.repeat(201),
      summary: 'Kits\u0000',
      need: 'Nights are cold.',
      targetGroups: [],
      amountRequested: { amount: 1.5, currency: 'tnd' },
      budget: [{ label: 'Clothes', amount: { amount: 1, currency: 'TND' } }],
      startDate: '2027-02-30',
      endDate: '1999-01-01',
      indicators: [{ name: 'families', target: 1 }],
    }).error?.issues;
    const errors = fieldErrors(issues ?? []);
    const reworded = errors.map((e) => ({ ...e, message: 'Something new the server now says.' }));

    // Act
    const texts = Object.fromEntries(reworded.map((e) => [e.path, errorText(e)]));

    // Assess
    expect(texts).toEqual({
      title: 'Pas plus de 200 caractères.',
      summary: 'Retirez les caractères de contrôle de ce texte.',
      targetGroups: 'Indiquez au moins un groupe de personnes.',
      'amountRequested.amount': 'Écrivez un montant.',
      'amountRequested.currency': 'Utilisez la monnaie de la municipalité.',
      startDate: 'Choisissez une date.',
      endDate: 'Choisissez une date entre le 2000-01-01 et le 2100-12-31.',
    });
  });

  it('translates a broken rule by its code', () => {
    // Act
    const text = errorText({ path: 'documents', message: 'Reworded.', rule: 'nonexistent_rule' });

    // Assess: an unknown rule falls back to the generic text, never to the English message
    expect(text).toBe('Cette réponse n’est pas valide.');
  });
});
