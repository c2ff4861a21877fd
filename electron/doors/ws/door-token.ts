import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for one run of `tandem serve`: 24 random bytes, URL-safe. */
export function newDoorToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Compares a presented token with the real one in time that does not depend on where they differ. Both are
 * hashed first, so neither their lengths nor a common prefix shows in the timing.
 */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
