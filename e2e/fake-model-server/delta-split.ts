// How streamed text is cut into deltas. Pieces always join back to the exact text, and a cut never falls
// inside a surrogate pair, so every delta is valid UTF-16 on its own.

const WORDS_PER_DELTA = 8;

/** Cuts `text` into `count` pieces of near-equal length (fewer when the text has fewer characters). */
export function splitIntoChunks(text: string, count: number): string[] {
  if (text.length === 0) return [];
  const pieces: string[] = [];
  let start = 0;
  const wanted = Math.max(1, Math.floor(count));
  for (let k = 1; k <= wanted && start < text.length; k++) {
    let end = k === wanted ? text.length : Math.max(start + 1, Math.round((text.length * k) / wanted));
    if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end += 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Cuts `text` before every eighth word, the rough pace at which a real model's deltas arrive. */
export function splitByWords(text: string, wordsPerDelta = WORDS_PER_DELTA): string[] {
  if (text.length === 0) return [];
  const pieces: string[] = [];
  const word = /\S+/g;
  let pieceStart = 0;
  let wordsInPiece = 0;
  for (let match = word.exec(text); match !== null; match = word.exec(text)) {
    if (wordsInPiece === wordsPerDelta) {
      pieces.push(text.slice(pieceStart, match.index));
      pieceStart = match.index;
      wordsInPiece = 0;
    }
    wordsInPiece += 1;
  }
  pieces.push(text.slice(pieceStart));
  return pieces;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
