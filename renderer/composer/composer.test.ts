import { describe, expect, it } from 'vitest';
import { emptySessionView } from '../conversation/sessionView.js';
import { insertMention, mentionAt } from './mentions.js';
import { commandNamed, helpLines, matchCommands, slashQuery, statusLines, SLASH_COMMAND_DESCRIPTIONS, SLASH_COMMAND_NAMES, type SlashCommand } from './slashCommands.js';

const commands: SlashCommand[] = SLASH_COMMAND_NAMES.map((name) => ({ name, description: SLASH_COMMAND_DESCRIPTIONS[name], run: () => undefined }));

describe('slash commands', () => {
  it('are looked for only while the box holds a slash and one word', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/Com')).toBe('com');
    expect(slashQuery('/compact now')).toBeNull();
    expect(slashQuery('see /usr')).toBeNull();
    expect(slashQuery('/usr/bin')).toBeNull();
  });

  it('match by beginning first, then anywhere in the name', () => {
    expect(matchCommands(commands, '').map((c) => c.name)).toEqual([...SLASH_COMMAND_NAMES]);
    expect(matchCommands(commands, 'u').map((c) => c.name)).toEqual(['undo', 'status']);
    expect(matchCommands(commands, 'zz')).toEqual([]);
  });

  it('run from a whole message only when it names one exactly', () => {
    expect(commandNamed(commands, ' /status ')?.name).toBe('status');
    expect(commandNamed(commands, '/stat')).toBeNull();
    expect(commandNamed(commands, '/status please')).toBeNull();
  });

  it('/status tells the model, folder, policies and tokens; /help lists every command', () => {
    const view = {
      ...emptySessionView('s'),
      config: { model: 'gpt-5-codex', cwd: '/p', approvalPolicy: 'untrusted' as const, sandboxPolicy: { mode: 'workspace-write' as const }, rolloutPath: null },
      tokenInfo: {
        total_token_usage: { input_tokens: 1200, cached_input_tokens: 0, output_tokens: 300, reasoning_output_tokens: 0, total_tokens: 1500 },
        last_token_usage: { input_tokens: 1000, cached_input_tokens: 0, output_tokens: 200, reasoning_output_tokens: 0, total_tokens: 1200 },
        model_context_window: 200_000,
      },
    };
    expect(statusLines(view, '/p')).toEqual([
      'Model: gpt-5-codex',
      'Folder: /p',
      'Approval policy: untrusted',
      'Sandbox: workspace-write',
      'Tokens: 1,500 used in all: 1,200 in, 300 out (1% of the 200,000-token context)',
    ]);
    expect(statusLines(emptySessionView('s'), '/q')).toEqual(['Model: not known yet', 'Folder: /q', 'Tokens: none used yet']);
    expect(helpLines(commands)).toHaveLength(SLASH_COMMAND_NAMES.length + 1);
  });
});

describe('@-mentions', () => {
  it('are found where a word starts with @, up to the caret', () => {
    expect(mentionAt('look at @src/ap', 15)).toEqual({ start: 8, end: 15, query: 'src/ap' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionAt('mail me@example.com', 19)).toBeNull();
    expect(mentionAt('@done and more', 14)).toBeNull();
  });

  it('are replaced by the picked path and a space, the caret after it', () => {
    const text = 'fix @ap please';
    expect(insertMention(text, mentionAt(text, 7)!, 'src/app.ts')).toEqual({ text: 'fix @src/app.ts please', caret: 16 });
    expect(insertMention('@my', mentionAt('@my', 3)!, 'my file.ts')).toEqual({ text: '@"my file.ts" ', caret: 14 });
  });
});
