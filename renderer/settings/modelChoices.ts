/** Models offered by the header's picker; any other name can be typed. The current one always comes first. */
export const SUGGESTED_MODELS: readonly string[] = ['gpt-5-codex', 'gpt-5.1-codex', 'gpt-5', 'gpt-5-mini', 'o4-mini', 'gpt-4.1'];

export function modelChoices(current: string | null): string[] {
  const others = SUGGESTED_MODELS.filter((model) => model !== current);
  return current ? [current, ...others] : [...others];
}
