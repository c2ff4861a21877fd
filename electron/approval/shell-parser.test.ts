import { describe, expect, it } from 'vitest';
import { isShellParserLoaded, loadShellParser, readShellSyntax } from './shell-parser.js';

// Vitest gives each test file its own module instances, so this file sees the parser unloaded.
describe('loadShellParser', () => {
  it('refuses to parse before the grammar is loaded', () => {
    expect(isShellParserLoaded()).toBe(false);
    expect(() => readShellSyntax('ls', (root) => root.type)).toThrow(/await loadShellParser\(\) first/);
  });

  it('loads the bash grammar once, however many callers wait for it', async () => {
    await Promise.all([loadShellParser(), loadShellParser(), loadShellParser()]);
    await loadShellParser();
    expect(isShellParserLoaded()).toBe(true);
    expect(readShellSyntax('ls -la | wc -l', (root) => root.toString())).toBe(
      '(program (pipeline (command name: (command_name (word)) argument: (word)) (command name: (command_name (word)) argument: (word))))',
    );
  });
});
