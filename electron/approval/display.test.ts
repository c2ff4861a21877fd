import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandForDisplay, commandLineForDisplay } from './display.js';

/** The argv bash reads back from a displayed command line. */
function argvFromBash(line: string): string[] {
  return execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('commandForDisplay', () => {
  it('shows the script of a shell invocation, not the wrapper', () => {
    expect(commandForDisplay(['bash', '-lc', 'npm test'])).toEqual(['npm test']);
    expect(commandForDisplay(['zsh', '-c', 'ls && pwd'])).toEqual(['ls && pwd']);
    expect(commandForDisplay(['/bin/sh', '-c', "echo 'hi'"])).toEqual(["echo 'hi'"]);
  });

  it('joins other commands into one line', () => {
    expect(commandForDisplay(['git', 'log', '--oneline', '-n', '5'])).toEqual(['git log --oneline -n 5']);
    expect(commandForDisplay(['bash', 'build.sh'])).toEqual(['bash build.sh']);
  });

  it('quotes only the words that need it', () => {
    expect(commandLineForDisplay(['echo', 'hello world', '', "it's", 'a=b', '$HOME', '*.ts'])).toBe(
      `echo 'hello world' '' 'it'\\''s' a=b '$HOME' '*.ts'`,
    );
  });

  it.each([
    [['echo', 'hello world', '', "it's"]],
    [['grep', '-n', 'a|b;c&&d', '$(id)', '`id`', '"quoted"', 'back\\slash', 'new\nline', '~/x', '!x', '#hash']],
  ])('gives a line bash reads back as the same argv: %j', (argv) => {
    expect(argvFromBash(commandLineForDisplay(argv))).toEqual(argv);
  });
});
