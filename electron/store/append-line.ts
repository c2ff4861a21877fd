import fs from 'node:fs';

/**
 * Writes all of `text` to an fd opened for append. A returned writeSync has handed the bytes to the
 * kernel, so they survive the process being killed right after (not a power cut: that would need an fsync
 * per line, which the rollout deliberately does not pay). The loop only matters on short writes, which
 * regular files give when the disk is full; then the next write throws.
 */
export function appendSync(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    written += fs.writeSync(fd, bytes, written, bytes.length - written);
  }
}
