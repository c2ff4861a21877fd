import { IMAGE_MEDIA_TYPES, MAX_IMAGE_URL_CHARS, imageUrlProblem } from '../../../shared/protocol/images.js';

/** The longest side a picture is sent at; the model sees no more detail than this anyway. */
const LONGEST_SIDE = 2048;

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** Draws the picture smaller, as JPEG, until its data URL fits the protocol's limit; null when it never does. */
async function shrink(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    let scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    for (let attempt = 0; attempt < 8; attempt++, scale *= 0.7) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext('2d');
      if (!context) return null;
      // JPEG has no transparency: what was see-through shows on white, as it would on most pages.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const url = canvas.toDataURL('image/jpeg', 0.82);
      if (url.length <= MAX_IMAGE_URL_CHARS) return url;
    }
    return null;
  } finally {
    bitmap.close();
  }
}

export type ReadImage = { ok: true; url: string; name: string } | { ok: false; problem: string };

/**
 * A pasted or dropped file as an image the composer can send: as it is when it fits, else drawn smaller.
 * Anything but PNG, JPEG, GIF or WebP is refused with the reason.
 */
export async function readImage(file: File): Promise<ReadImage> {
  const name = file.name || 'pasted image';
  if (!(IMAGE_MEDIA_TYPES as readonly string[]).includes(file.type)) {
    return { ok: false, problem: `${name} is not a picture Tandem can send (${file.type || 'unknown type'}); use PNG, JPEG, GIF or WebP.` };
  }
  try {
    const url = await readAsDataUrl(file);
    if (imageUrlProblem(url) === null) return { ok: true, url, name };
    const smaller = await shrink(file);
    if (smaller !== null && imageUrlProblem(smaller) === null) return { ok: true, url: smaller, name };
    return { ok: false, problem: `${name} is too large to send, even made smaller.` };
  } catch (err) {
    return { ok: false, problem: `${name} could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}
