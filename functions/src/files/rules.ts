/**
 * What a document may be, checked twice: before the upload, on what the client declares (name, type, size),
 * and when it is attached, on the bytes that were really stored. The second check is the one that counts:
 * the presigned POST only limits what a well-behaved client sends (and the local S3 emulator enforces
 * nothing at all), so a file is believed only once its size and first bytes agree with what was declared.
 */
import type { RuleFailure } from '#domain/errors';
import { onDemand } from '#runtime/on-demand';

/** Loaded on first use: file-type and its tokenizer are about 60 KB that a cold start of the api need not parse. */
const fileType = onDemand(() => import('file-type'));

/** The largest document, in bytes: 20 MB. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** How a type's bytes are recognised: by file-type's signature, or as text (CSV and plain text have no signature). */
type Sniff = { readonly kind: 'signature'; readonly detected: readonly string[] } | { readonly kind: 'text' };

export interface DocumentType {
  /** The MIME type a client declares (the Content-Type the upload is signed for). */
  readonly contentType: string;
  /** File-name extensions accepted with it, lower case, without the dot. */
  readonly extensions: readonly string[];
  /** A ZIP container (the office formats): file-type must read into its entries to tell them apart. */
  readonly zip: boolean;
  readonly sniff: Sniff;
}

const signature = (...detected: string[]): Sniff => ({ kind: 'signature', detected });

/**
 * The allowed types. `detected` lists what file-type answers for a genuine file of that type: HEIC photos
 * whose major brand is `mif1` come out as image/heif, so both are accepted for either declared type.
 */
export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { contentType: 'application/pdf', extensions: ['pdf'], zip: false, sniff: signature('application/pdf') },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], zip: false, sniff: signature('image/jpeg') },
  { contentType: 'image/png', extensions: ['png'], zip: false, sniff: signature('image/png') },
  { contentType: 'image/webp', extensions: ['webp'], zip: false, sniff: signature('image/webp') },
  {
    contentType: 'image/heic',
    extensions: ['heic', 'heif'],
    zip: false,
    sniff: signature('image/heic', 'image/heif'),
  },
  {
    contentType: 'image/heif',
    extensions: ['heic', 'heif'],
    zip: false,
    sniff: signature('image/heic', 'image/heif'),
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    zip: true,
    sniff: signature('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    zip: true,
    sniff: signature('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  },
  {
    contentType: 'application/vnd.oasis.opendocument.text',
    extensions: ['odt'],
    zip: true,
    sniff: signature('application/vnd.oasis.opendocument.text'),
  },
  {
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    extensions: ['ods'],
    zip: true,
    sniff: signature('application/vnd.oasis.opendocument.spreadsheet'),
  },
  { contentType: 'text/csv', extensions: ['csv'], zip: false, sniff: { kind: 'text' } },
  { contentType: 'text/plain', extensions: ['txt'], zip: false, sniff: { kind: 'text' } },
];

const BY_CONTENT_TYPE = new Map(DOCUMENT_TYPES.map((t) => [t.contentType, t]));

/** The allowed type of a declared Content-Type (parameters such as `; charset=utf-8` ignored). */
export function documentType(contentType: string): DocumentType | undefined {
  return BY_CONTENT_TYPE.get(contentType.split(';')[0]?.trim().toLowerCase() ?? '');
}

/** The Content-Type a document is stored and served with: the declared one without its parameters. */
export function normalContentType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? '';
}

export interface UploadRequest {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
}

const MAX_NAME_LENGTH = 200;
// Control characters and path separators: a name is shown and offered as a download name, never a path.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const BAD_NAME = /[\u0000-\u001f\u007f/\\]/;

/** What is wrong with an upload as declared, before any byte is sent (empty when it may go ahead). */
export function checkUpload(input: UploadRequest): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const name = input.fileName.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || BAD_NAME.test(name) || name !== input.fileName) {
    failures.push({
      rule: 'document_name',
      message: `A file name has 1 to ${MAX_NAME_LENGTH} characters, with no slashes, control characters or spaces around it.`,
      path: 'fileName',
    });
  }
  const type = documentType(input.contentType);
  if (!type) {
    failures.push({
      rule: 'document_type_not_allowed',
      message:
        'This type of file cannot be attached. Send a PDF, a photo (JPEG, PNG, WebP, HEIC), a Word or Excel file (DOCX, XLSX), an OpenDocument file (ODT, ODS), a CSV or a plain text file.',
      path: 'contentType',
    });
  } else {
    const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
    if (!ext || !type.extensions.includes(ext)) {
      failures.push({
        rule: 'document_extension_mismatch',
        message: `The file name must end in .${type.extensions.join(' or .')} for this type of file.`,
        path: 'fileName',
      });
    }
  }
  if (!Number.isSafeInteger(input.size) || input.size < 1) {
    failures.push({ rule: 'document_empty', message: 'The file is empty.', path: 'size' });
  } else if (input.size > MAX_DOCUMENT_BYTES) {
    failures.push({
      rule: 'document_too_large',
      message: `A file may be at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB.`,
      path: 'size',
    });
  }
  return failures;
}

/** How many first bytes the attach check needs to read: all of a ZIP container, 64 KiB of anything else. */
export function sniffLength(declared: UploadRequest): number {
  const type = documentType(declared.contentType);
  return Math.min(declared.size, type?.zip ? MAX_DOCUMENT_BYTES : 64 * 1024);
}

/** An object as found in storage: its size and its first bytes (sniffLength of them). */
export interface InspectedObject {
  readonly size: number;
  readonly head: Uint8Array;
}

const MISMATCH = (what: string): RuleFailure => ({
  rule: 'document_type_mismatch',
  message: `The file's content is not ${what}, as its type said. Save it again in the right format and upload it again.`,
});

/**
 * What is wrong with a stored object against what was declared for it (empty when it may be attached):
 * it must exist, have exactly the declared size, and begin like a file of the declared type.
 */
export async function checkObject(
  declared: UploadRequest,
  inspected: InspectedObject | undefined,
): Promise<RuleFailure[]> {
  if (!inspected) {
    return [{ rule: 'document_missing', message: 'The file was not uploaded, or the upload has expired.' }];
  }
  if (inspected.size !== declared.size) {
    return [
      {
        rule: 'document_size_mismatch',
        message: `The file has ${inspected.size} bytes, not the ${declared.size} that were declared.`,
      },
    ];
  }
  const type = documentType(declared.contentType);
  if (!type) return checkUpload(declared);
  if (type.sniff.kind === 'text') {
    return isText(inspected.head, inspected.size === inspected.head.length)
      ? []
      : [MISMATCH(type.contentType === 'text/csv' ? 'CSV text' : 'plain text')];
  }
  const { fileTypeFromBuffer } = await fileType();
  const detected = await fileTypeFromBuffer(inspected.head);
  return detected && type.sniff.detected.includes(detected.mime) ? [] : [MISMATCH(label(type))];
}

function label(type: DocumentType): string {
  const ext = type.extensions[0]?.toUpperCase() ?? type.contentType;
  return ext === 'HEIC' ? 'a HEIC photo' : `a ${ext} file`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 text without NUL bytes. When `complete` is false the bytes are a prefix, which may end in the
 * middle of a character: up to 3 trailing bytes of an unfinished sequence are forgiven.
 */
export function isText(bytes: Uint8Array, complete: boolean): boolean {
  if (bytes.includes(0)) return false;
  let end = bytes.length;
  if (!complete) {
    // Back up to the start of the last character if it may be cut: continuation bytes are 10xxxxxx.
    let i = end - 1;
    while (i >= 0 && i > end - 4 && ((bytes[i] as number) & 0xc0) === 0x80) i--;
    if (i >= 0 && ((bytes[i] as number) & 0xc0) === 0xc0) end = i;
  }
  try {
    utf8.decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
