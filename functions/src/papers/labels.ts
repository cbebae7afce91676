/** The words around a paper's content: footers, page numbers, signature blocks, in each language. */
import type { Language } from '#domain/city';

export interface PaperLabels {
  readonly version: string;
  readonly hash: string;
  readonly reference: string;
  readonly page: (n: number, of: number) => string;
  /** The words around the CSS page counters. */
  readonly pageWords: readonly [string, string];
  readonly signatures: string;
  readonly forCity: string;
  readonly forOrganisation: string;
  readonly name: string;
  readonly date: string;
  readonly signature: string;
  readonly mayorOffice: (city: string) => string;
}

export const LABELS: Readonly<Record<Language, PaperLabels>> = {
  ar: {
    version: 'النسخة',
    hash: 'البصمة (SHA-256)',
    reference: 'المرجع',
    page: (n, of) => `صفحة ${n} من ${of}`,
    pageWords: ['صفحة ', ' من '],
    signatures: 'الإمضاءات',
    forCity: 'عن البلدية',
    forOrganisation: 'عن الجمعية',
    name: 'الاسم واللقب',
    date: 'التاريخ',
    signature: 'الإمضاء',
    mayorOffice: (city) => `ديوان رئيس بلدية ${city}`,
  },
  fr: {
    version: 'Version',
    hash: 'Empreinte (SHA-256)',
    reference: 'Référence',
    page: (n, of) => `Page ${n} sur ${of}`,
    pageWords: ['Page ', ' sur '],
    signatures: 'Signatures',
    forCity: 'Pour la municipalité',
    forOrganisation: 'Pour l’association',
    name: 'Nom et prénom',
    date: 'Date',
    signature: 'Signature',
    mayorOffice: (city) => `Cabinet du président de la municipalité de ${city}`,
  },
  en: {
    version: 'Version',
    hash: 'Fingerprint (SHA-256)',
    reference: 'Reference',
    page: (n, of) => `Page ${n} of ${of}`,
    pageWords: ['Page ', ' of '],
    signatures: 'Signatures',
    forCity: 'For the city',
    forOrganisation: 'For the association',
    name: 'Full name',
    date: 'Date',
    signature: 'Signature',
    mayorOffice: (city) => `Mayor’s office, City of ${city}`,
  },
};
