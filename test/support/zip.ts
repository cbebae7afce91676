/**
 * Tiny but real ZIP archives for tests (entries stored, not compressed), so that the office formats can be
 * made at test time in the entry order their writers use, with no zip library and no binary fixtures.
 */
import { crc32 } from 'node:zlib';

export function storedZip(
  entries: readonly (readonly [name: string, content: string | Uint8Array])[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="`;

/** A DOCX as Word lays it out: `[Content_Types].xml` first. */
export function docx(contentTypesLast = false): Buffer {
  const types = [
    '[Content_Types].xml',
    `${CONTENT_TYPES('word/document.xml')}application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  ] as const;
  const rest = [
    ['_rels/.rels', '<Relationships/>'],
    ['word/document.xml', '<w:document/>'],
  ] as const;
  return storedZip(contentTypesLast ? [...rest, types] : [types, ...rest]);
}

/** An XLSX as Excel lays it out. */
export function xlsx(): Buffer {
  return storedZip([
    [
      '[Content_Types].xml',
      `${CONTENT_TYPES('xl/workbook.xml')}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    ],
    ['_rels/.rels', '<Relationships/>'],
    ['xl/workbook.xml', '<workbook/>'],
  ]);
}

/** An OpenDocument file: its `mimetype` entry first and stored, as the format requires. */
export function openDocument(mimeType: string): Buffer {
  return storedZip([
    ['mimetype', mimeType],
    ['META-INF/manifest.xml', '<manifest:manifest/>'],
    ['content.xml', '<office:document-content/>'],
  ]);
}
