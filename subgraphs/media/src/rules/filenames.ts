/**
 * A file's name as the client gave it is only ever displayed and offered in Content-Disposition:
 * storage keys never contain it. Still, a name that could be a path, hide characters or spoof its
 * extension is refused rather than cleaned up, so what the owner sees is what they sent.
 */
export const MAX_FILENAME_LENGTH = 255;

// C0 and C1 controls, DEL; bidirectional overrides and isolates (they disguise "gpj.exe" as "exe.jpg").
// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export type FilenameCheck = { ok: true; filename: string } | { ok: false; reason: string };

export function checkFilename(raw: string): FilenameCheck {
  const filename = raw.normalize('NFC');
  if (filename.trim().length === 0) return { ok: false, reason: 'must not be empty' };
  if (filename !== filename.trim()) return { ok: false, reason: 'must not start or end with spaces' };
  if ([...filename].length > MAX_FILENAME_LENGTH)
    return { ok: false, reason: `must be at most ${MAX_FILENAME_LENGTH} characters` };
  if (/[/\\]/.test(filename)) return { ok: false, reason: 'must not contain path separators' };
  if (FORBIDDEN_CHARACTERS.test(filename)) return { ok: false, reason: 'must not contain control or bidirectional characters' };
  if (filename === '.' || filename === '..') return { ok: false, reason: 'must be a file name' };
  return { ok: true, filename };
}

/**
 * Content-Disposition for a download: an ASCII fallback and the exact name (RFC 6266 / 5987).
 * Images open in the browser; anything else is saved.
 */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
