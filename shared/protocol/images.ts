import { z } from 'zod';

/**
 * Images the person attaches to a message, carried as data URLs (Codex's `image` input item, whose
 * `image_url` is a `data:` URL). The limits keep a message with its images inside one request frame of the
 * browser door (1 MiB): a window shrinks a larger picture before it sends it.
 */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/** The longest data URL one image may be, in characters (about 165 KB of picture). */
export const MAX_IMAGE_URL_CHARS = 225_000;
/** How many images one message may carry. */
export const MAX_IMAGES_PER_MESSAGE = 4;

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

/** Why a data URL cannot be sent as an image, in plain words, or null when it can. */
export function imageUrlProblem(url: string): string | null {
  if (url.length > MAX_IMAGE_URL_CHARS) {
    return `The image is ${Math.round(url.length / 1024)} KB as sent, over the limit of ${Math.round(MAX_IMAGE_URL_CHARS / 1024)} KB.`;
  }
  if (!url.startsWith('data:')) return 'An image must be sent as a data: URL.';
  const match = DATA_URL.exec(url);
  if (!match) {
    const type = /^data:([^;,]*)/.exec(url)?.[1] ?? '';
    if (type !== '' && !(IMAGE_MEDIA_TYPES as readonly string[]).includes(type)) {
      return `Images of type ${type} cannot be sent; use PNG, JPEG, GIF or WebP.`;
    }
    return 'The image is not a base64 data: URL of a PNG, JPEG, GIF or WebP picture.';
  }
  if ((match[2] ?? '').length % 4 !== 0) return 'The image data is cut short (its base64 length is not a multiple of 4).';
  return null;
}

export const ImageUrl = z.string().superRefine((url, ctx) => {
  const problem = imageUrlProblem(url);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
