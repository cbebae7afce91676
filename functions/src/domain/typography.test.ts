import { describe, expect, it } from 'vitest';
import { frenchTypography } from './typography.ts';

describe('French typography', () => {
  it.each([
    ['Statut : actif', 'Statut\u00a0: actif'],
    ['Pourquoi ? (obligatoire)', 'Pourquoi\u202f? (obligatoire)'],
    ['Attention ! Lisez ceci ; merci', 'Attention\u202f! Lisez ceci\u202f; merci'],
    ['Combien pour « Vélos » ?', 'Combien pour «\u202fVélos\u202f»\u202f?'],
    ['«Vélos»', '«\u202fVélos\u202f»'],
    ['Déjà\u00a0: fait', 'Déjà\u00a0: fait'],
  ])('"%s" gets its no-break spaces', (plain, typeset) => {
    // Act
    const out = frenchTypography(plain);

    // Assess
    expect(out).toBe(typeset);
  });

  it('leaves times, addresses and text without high punctuation alone', () => {
    // Prepare
    const text = 'À 14:30, voir https://passerelle.example/grants/g_1 et le rapport.';

    // Act
    const out = frenchTypography(text);

    // Assess
    expect(out).toBe(text);
  });

  it('is idempotent: typesetting twice changes nothing more', () => {
    // Prepare
    const once = frenchTypography('Pourquoi ? « Vélos » : oui !');

    // Act
    const twice = frenchTypography(once);

    // Assess
    expect(twice).toBe(once);
  });
});
