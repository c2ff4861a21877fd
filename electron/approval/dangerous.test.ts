import { beforeAll, describe, expect, it } from 'vitest';
import { isDangerousCommand } from './dangerous.js';
import { loadShellParser } from './shell-parser.js';

beforeAll(() => loadShellParser());

const words = (line: string): string[] => line.split(' ');

describe('isDangerousCommand', () => {
  it.each([
    'rm -f a', 'rm -rf build', 'rm -fr build', 'rm -Rf build', 'rm -rvf build', 'rm --force a', 'rm --forc a',
    'rm -r -f build', 'rm build -rf', '/bin/rm -rf /', 'sudo rm -rf /tmp/x', 'sudo -u root rm -f a',
    'env FOO=1 rm -rf x', 'xargs rm -f', 'find . -name *.o -exec rm -f {} +', 'sudo env nice rm -rf x',
  ])('flags `%s`', (line) => {
    expect(isDangerousCommand(words(line))).toBe(true);
  });

  it.each(['rm a', 'rm -r build', 'rm -- -f', 'ls -f', 'git rm --cached a', 'echo rm -rf x', 'grep -rf patterns src'])(
    'leaves `%s` alone',
    (line) => {
      expect(isDangerousCommand(words(line))).toBe(false);
    },
  );

  it('leaves an empty command alone', () => {
    expect(isDangerousCommand([])).toBe(false);
  });

  describe('in shell scripts', () => {
    it.each([
      ['bash', '-c', 'rm -rf build'],
      ['bash', '-lc', 'ls && rm -rf /'],
      ['zsh', '-lc', 'cd x; sudo rm -rf y'],
      ['sh', '-c', 'echo $(rm -rf x)'],
      ['bash', '-lc', 'for d in a b; do rm -rf "$d"; done'],
      ['bash', '-lc', 'if true; then (cd x && rm -f y) > log 2>&1; fi'],
      ['bash', '-lc', 'FOO=1 rm "-rf" x'],
      ['bash', '-lc', 'rm -rf $DIR'],
      ['bash', '-lc', 'cleanup() { rm -rf tmp; }; cleanup'],
      ['bash', '-lc', 'bash -c "rm -rf x"'],
      ['bash', '-lc', "sudo sh -c 'rm -rf /'"],
      ['bash', '-lc', 'eval "rm -rf x"'],
      ['bash', '-lc', 'rm -rf x "unterminated'],
      ['bash', '-e', '-o', 'pipefail', '-c', 'rm -rf x'],
      ['/usr/local/bin/bash', '-ec', 'rm -f x'],
      ['bash', '-lc', 'cat <<EOF\n$(rm -rf x)\nEOF'],
      ['bash', '-lc', 'bash -c "ls\nrm -rf x"'],
    ])('flags %j', (...argv) => {
      expect(isDangerousCommand(argv)).toBe(true);
    });

    it.each([
      ['bash', '-lc', 'git status && ls'],
      ['bash', '-lc', 'rm -r build && echo "rm -rf x"'],
      ['bash', '-lc', "grep -n 'rm -rf' notes.md"],
      ['bash', '-lc', 'cat <<\'EOF\'\nrm -rf x\nEOF'],
    ])('leaves %j alone', (...argv) => {
      expect(isDangerousCommand(argv)).toBe(false);
    });

    it('asks rather than read scripts nested deeper than a person would write', () => {
      let script = 'ls';
      for (let depth = 0; depth < 6; depth++) script = `bash -c ${JSON.stringify(script)}`;
      expect(isDangerousCommand(['bash', '-c', script])).toBe(true);
    });
  });
});
