/**
 * What may be uploaded for each purpose, and whether stored bytes are what their declared type
 * says (magic bytes; text is valid UTF-8 without NUL). HTML and SVG are never accepted, declared
 * or disguised: served from the platform's host they could run scripts.
 */
export type Purpose = 'AVATAR' | 'COURSE_ASSET' | 'ATTACHMENT';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const TEXT_TYPES = ['text/plain', 'text/x-python'] as const;
const DOCUMENT_TYPES = [...IMAGE_TYPES, 'application/pdf', 'application/zip', ...TEXT_TYPES] as const;

export const ALLOWED_TYPES: Readonly<Record<Purpose, readonly string[]>> = {
  AVATAR: IMAGE_TYPES,
  COURSE_ASSET: DOCUMENT_TYPES,
  ATTACHMENT: DOCUMENT_TYPES,
};

/** How many leading bytes `sniff` needs: enough for every signature and for a text's first lines. */
export const SNIFF_BYTES = 64 * 1024;

export const isImage = (contentType: string): boolean => (IMAGE_TYPES as readonly string[]).includes(contentType);
export const isText = (contentType: string): boolean => (TEXT_TYPES as readonly string[]).includes(contentType);

export type TypeCheck = { ok: true; contentType: string } | { ok: false; reason: string };

/** The declared type, lower-cased, if the purpose allows it. Parameters (`; charset=`) are not accepted. */
export function checkDeclaredType(raw: string, purpose: Purpose): TypeCheck {
  const contentType = raw.trim().toLowerCase();
  if (/html|svg|xml|javascript/.test(contentType)) return { ok: false, reason: 'HTML, SVG, XML and scripts are never accepted' };
  if (!ALLOWED_TYPES[purpose].includes(contentType))
    return { ok: false, reason: `must be one of ${ALLOWED_TYPES[purpose].join(', ')} for ${purpose}` };
  return { ok: true, contentType };
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const SIGNATURES: Readonly<Record<string, (bytes: Uint8Array) => boolean>> = {
  'image/png': (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  'image/gif': (bytes) => startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')),
  'image/webp': (bytes) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8),
  'application/pdf': (bytes) => startsWith(bytes, ascii('%PDF-')),
  // A local file header, or the end record of an empty archive.
  'application/zip': (bytes) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]),
};

/** Markup a browser would render as a page or an SVG document, after a BOM and blanks. */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })
    .decode(bytes.subarray(0, 1024))
    .trimStart()
    .toLowerCase();
  return /^<(\?xml|!doctype|!--|html|head|body|svg|script|iframe|object|embed|meta|style|a\s)/.test(text);
}

/** Valid UTF-8 without NUL; a prefix (`complete` false) may end in the middle of a character. */
function isUtf8Text(bytes: Uint8Array, complete: boolean): boolean {
  if (bytes.includes(0)) return false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A cut multi-byte character is at most 3 bytes long.
  for (let cut = 0; cut <= (complete ? 0 : Math.min(3, bytes.length)); cut += 1) {
    try {
      decoder.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last `cut + 1` bytes
    }
  }
  return false;
}

/**
 * Whether `head` (the object's first bytes; all of it when `complete`) matches `contentType`.
 * The reason is shown to the owner on the REJECTED file.
 */
export function sniff(contentType: string, head: Uint8Array, complete: boolean): TypeCheck {
  if (head.length === 0) return { ok: false, reason: 'the file is empty' };
  if (looksLikeMarkup(head)) return { ok: false, reason: 'HTML or SVG content is never accepted' };
  if (isText(contentType)) {
    return isUtf8Text(head, complete) ? { ok: true, contentType } : { ok: false, reason: 'not UTF-8 text' };
  }
  const matches = SIGNATURES[contentType];
  if (!matches) return { ok: false, reason: `${contentType} is not accepted` };
  return matches(head) ? { ok: true, contentType } : { ok: false, reason: `the bytes are not ${contentType}` };
}
