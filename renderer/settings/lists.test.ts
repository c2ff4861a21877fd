import { describe, expect, it } from 'vitest';
import { SettingsPatch } from '../../shared/host/contract.js';
import { describeSettingsProblems, listEntries, listText } from './lists.js';

describe('a list edited as lines', () => {
  it('drops blank lines and the spaces around entries, and keeps each entry once', () => {
    expect(listEntries('  ~/work/keys \n\n/srv/secrets\r\n~/work/keys\n   \n')).toEqual(['~/work/keys', '/srv/secrets']);
    expect(listEntries('')).toEqual([]);
  });

  it('round-trips through the text box', () => {
    const entries = ['~/a', '/b c', 'GITHUB_TOKEN'];
    expect(listEntries(listText(entries))).toEqual(entries);
  });
});

describe('why Settings were refused', () => {
  function problems(patch: unknown): string {
    const checked = SettingsPatch.safeParse(patch);
    if (checked.success) throw new Error('expected a refusal');
    return describeSettingsProblems(checked.error);
  }

  it('names the field by its label and quotes the entry', () => {
    expect(problems({ hidden_paths: ['/ok', 'notes'] })).toBe('More places to hide: "notes" is not a full path: start it with / or ~/.');
    expect(problems({ env_passthrough: ['MY-TOKEN'] })).toBe(
      'Variables to pass through: "MY-TOKEN" is not a variable name: letters, digits and _ only, not starting with a digit.',
    );
  });

  it('keeps the plain words for a base URL', () => {
    expect(problems({ base_url: 'not a url' })).toBe('The base URL must be a full address, like https://api.openai.com/v1.');
  });
});
