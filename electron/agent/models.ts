/**
 * Context windows of known models, in tokens, for automatic compaction. A model not listed here gets
 * no automatic compaction unless the session is given a window (the `contextWindow` option).
 */
const CONTEXT_WINDOWS: [prefix: string, tokens: number][] = [
  ['gpt-5.1-codex', 272_000],
  ['gpt-5-codex', 272_000],
  ['codex-', 272_000],
  ['gpt-5', 272_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['o4-mini', 200_000],
  ['o3', 200_000],
  ['o1', 200_000],
];

export function contextWindowFor(model: string, override?: number): number | null {
  if (override && override > 0) return override;
  const entry = CONTEXT_WINDOWS.find(([prefix]) => model.startsWith(prefix));
  return entry ? entry[1] : null;
}

/** Compaction starts when the conversation reaches this share of the window. */
export const AUTO_COMPACT_RATIO = 0.9;
