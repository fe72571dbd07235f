/**
 * Rooms on the video server (WEBINAR_ROOM_BASE_URL): each webinar gets a room whose name carries
 * 128 random bits, so its address cannot be guessed from anything public (id, title, time).
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a base URL cannot serve rooms, or undefined. Plain http only on loopback (a local server). */
export function roomBaseProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL, e.g. https://meet.jit.si';
  }
  if (url.username || url.password) return 'must not hold credentials';
  if (url.search || url.hash) return 'must not have a query or a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return 'must use https (plain http only on localhost)';
}

/** A room name from 16 random bytes: letters and digits only, which every video server accepts. */
export function roomNameFrom(random: Uint8Array): string {
  if (random.length < 16) throw new Error('a room name needs at least 16 random bytes');
  return `DoctorPy${Buffer.from(random).toString('hex')}`;
}

export const roomUrl = (base: string, roomName: string): string => `${base.replace(/\/+$/, '')}/${encodeURIComponent(roomName)}`;
