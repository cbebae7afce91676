/**
 * The document rules on real bytes: what a file must be declared as before its upload, and what its bytes
 * must be when it is attached. The office formats are real (stored) ZIP archives made here, in the entry
 * order their writers use.
 */
import { describe, expect, it } from 'vitest';
import { docx, EXE, JPEG, openDocument, PDF, png, storedZip, xlsx } from '#test/support/samples';
import { checkObject, checkUpload, isText, MAX_DOCUMENT_BYTES, sniffLength } from './rules.ts';
import { contentDisposition, scanStateOf } from './storage.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';
const ODS = 'application/vnd.oasis.opendocument.spreadsheet';

const rules = (failures: readonly { rule: string }[]) => failures.map((f) => f.rule);
const object = (bytes: Uint8Array) => ({ size: bytes.length, head: bytes });
const declared = (fileName: string, contentType: string, bytes: Uint8Array) => ({
  fileName,
  contentType,
  size: bytes.length,
});
const check = (fileName: string, contentType: string, bytes: Uint8Array) =>
  checkObject(declared(fileName, contentType, bytes), object(bytes)).then(rules);

describe('before the upload (checkUpload)', () => {
  it('accepts each allowed type under its own extension, up to 20 MB', () => {
    // Prepare
    const ok = [
      ['rapport.pdf', 'application/pdf'],
      ['photo.JPG', 'image/jpeg'],
      ['reçu.jpeg', 'image/jpeg'],
      ['plan.png', 'image/png'],
      ['photo.webp', 'image/webp'],
      ['IMG_0001.HEIC', 'image/heic'],
      ['statuts.docx', DOCX],
      ['budget.xlsx', XLSX],
      ['statuts.odt', ODT],
      ['budget.ods', ODS],
      ['participants.csv', 'text/csv'],
      ['notes.txt', 'text/plain; charset=utf-8'],
      ['تقرير.pdf', 'application/pdf'],
    ];
    // Act
    const results = ok.map(([fileName, contentType]) =>
      checkUpload({
        fileName: fileName as string,
        contentType: contentType as string,
        size: MAX_DOCUMENT_BYTES,
      }),
    );
    // Assess
    expect(results.every((r) => r.length === 0)).toBe(true);
  });

  it('refuses another type, a name that does not match it, an empty or too large file, a path as a name', () => {
    // Act
    const exe = checkUpload({ fileName: 'setup.exe', contentType: 'application/x-msdownload', size: 10 });
    const zip = checkUpload({ fileName: 'all.zip', contentType: 'application/zip', size: 10 });
    const renamed = checkUpload({ fileName: 'setup.exe', contentType: 'application/pdf', size: 10 });
    const large = checkUpload({
      fileName: 'big.pdf',
      contentType: 'application/pdf',
      size: MAX_DOCUMENT_BYTES + 1,
    });
    const empty = checkUpload({ fileName: 'a.pdf', contentType: 'application/pdf', size: 0 });
    const path = checkUpload({ fileName: '../../etc/a.pdf', contentType: 'application/pdf', size: 10 });
    // Assess
    expect(rules(exe)).toEqual(['document_type_not_allowed']);
    expect(rules(zip)).toEqual(['document_type_not_allowed']);
    expect(rules(renamed)).toEqual(['document_extension_mismatch']);
    expect(large).toEqual([expect.objectContaining({ rule: 'document_too_large', path: 'size' })]);
    expect(rules(empty)).toEqual(['document_empty']);
    expect(rules(path)).toEqual(['document_name']);
  });
});

describe('when attached (checkObject)', () => {
  it('accepts genuine files of each binary type, office formats included', async () => {
    // Act
    const results = await Promise.all([
      check('a.pdf', 'application/pdf', PDF),
      check('a.jpg', 'image/jpeg', JPEG),
      check('a.png', 'image/png', png()),
      check('a.docx', DOCX, docx()),
      check('a.docx', DOCX, docx(true)),
      check('a.xlsx', XLSX, xlsx()),
      check('a.odt', ODT, openDocument(ODT)),
      check('a.ods', ODS, openDocument(ODS)),
    ]);
    // Assess
    expect(results).toEqual(results.map(() => []));
  });

  it('refuses a PDF that is a Windows program, a JPEG declared as PNG, and office formats swapped or bare', async () => {
    // Act
    const results = await Promise.all([
      check('invoice.pdf', 'application/pdf', EXE),
      check('photo.png', 'image/png', JPEG),
      check('a.xlsx', XLSX, docx()),
      check('a.odt', ODT, openDocument(ODS)),
      check('a.docx', DOCX, storedZip([['word/document.xml', '<w:document/>']])),
      check('a.docx', DOCX, PDF),
    ]);
    // Assess
    expect(results).toEqual(results.map(() => ['document_type_mismatch']));
  });

  it('accepts UTF-8 text as CSV or plain text, and refuses a NUL byte or bytes that are not UTF-8', async () => {
    // Prepare
    const csv = Buffer.from('nom,montant\nAmal,1200\nجمعية,300\n');
    const withNul = Buffer.from('nom,montant\nAmal\0,1200\n');
    const latin1 = Buffer.from('nom\nSociété\n', 'latin1');
    const utf16 = Buffer.from('\ufeffnom,montant\n', 'utf16le');
    // Act
    const results = await Promise.all([
      check('a.csv', 'text/csv', csv),
      check('a.txt', 'text/plain', csv),
      check('a.csv', 'text/csv', withNul),
      check('a.csv', 'text/csv', latin1),
      check('a.csv', 'text/csv', utf16),
      check('a.csv', 'text/csv', EXE),
    ]);
    // Assess
    expect(results).toEqual([[], [], ...Array(4).fill(['document_type_mismatch'])]);
  });

  it('refuses a missing object and a size other than the declared one, before looking at the bytes', async () => {
    // Act
    const missing = await checkObject(declared('a.pdf', 'application/pdf', PDF), undefined);
    const shorter = await checkObject(
      { ...declared('a.pdf', 'application/pdf', PDF), size: PDF.length + 1 },
      object(PDF),
    );
    // Assess
    expect(rules(missing)).toEqual(['document_missing']);
    expect(rules(shorter)).toEqual(['document_size_mismatch']);
  });

  it('reads all of a ZIP container but only the start of anything else', () => {
    // Act, Assess
    expect(sniffLength({ fileName: 'a.docx', contentType: DOCX, size: 5_000_000 })).toBe(5_000_000);
    expect(sniffLength({ fileName: 'a.pdf', contentType: 'application/pdf', size: 5_000_000 })).toBe(65_536);
  });
});

describe('text prefixes (isText)', () => {
  it('forgives a character cut at the end of a prefix, not one cut in a complete file', () => {
    // Prepare: "é" is 0xC3 0xA9; the prefix ends after its first byte
    const cut = Buffer.from([0x61, 0xc3]);
    // Act, Assess
    expect(isText(cut, false)).toBe(true);
    expect(isText(cut, true)).toBe(false);
    expect(isText(Buffer.from([0x61, 0xa9, 0x62]), false)).toBe(false);
  });
});

describe('GuardDuty tags (scanStateOf)', () => {
  it('maps the verdict tag to a document state; no verdict, or an unusable one, keeps it unserved', () => {
    // Act, Assess
    const tag = (Value: string) => [
      { Key: 'other', Value: 'x' },
      { Key: 'GuardDutyMalwareScanStatus', Value },
    ];
    expect(scanStateOf(tag('NO_THREATS_FOUND'))).toBe('available');
    expect(scanStateOf(tag('THREATS_FOUND'))).toBe('quarantined');
    expect(scanStateOf([])).toBe('scanning');
    expect(scanStateOf(tag('UNSUPPORTED'))).toBe('scanning');
    expect(scanStateOf(tag('FAILED'))).toBe('scanning');
  });
});

describe('download name (contentDisposition)', () => {
  it('keeps the exact UTF-8 name and an ASCII fallback without quotes', () => {
    // Act
    const header = contentDisposition('تقرير "final".pdf');
    // Assess
    expect(header).toBe(
      `attachment; filename="_____ _final_.pdf"; filename*=UTF-8''${encodeURIComponent('تقرير "final".pdf')}`,
    );
  });
});
