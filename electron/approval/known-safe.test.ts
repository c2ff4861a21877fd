import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isKnownSafeCommand } from './known-safe.js';
import { loadShellParser } from './shell-parser.js';

beforeAll(() => loadShellParser());

const words = (line: string): string[] => line.split(' ');

describe('isKnownSafeCommand', () => {
  it.each([
    'cat README.md', 'cd src', 'cut -d: -f1 /etc/passwd', 'echo hi', 'expr 1 + 2', 'false', 'grep -rn TODO src',
    'head -n 5 a.txt', 'id', 'ls -la', 'nl -ba file', 'paste a b', 'pwd', 'rev a', 'seq 1 10', 'stat a', 'tail -n 20 log',
    'tr a-z A-Z', 'true', 'uname -a', 'uniq -c sorted.txt', 'wc -l a b', 'which node', 'whoami',
    '/usr/bin/cat a', '/bin/ls',
  ])('runs the read-only program `%s`', (line) => {
    expect(isKnownSafeCommand(words(line))).toBe(true);
  });

  it.each([
    ['an unknown program', 'npm test'],
    ['a program that writes', 'touch a'],
    ['a look-alike in the project', './cat a'],
    ['a look-alike elsewhere', 'tools/bin/ls'],
    ['uniq writing its output file', 'uniq in.txt out.txt'],
    ['uniq writing its output file after options', 'uniq -f 1 in.txt out.txt'],
  ])('asks for %s', (_what, line) => {
    expect(isKnownSafeCommand(words(line))).toBe(false);
  });

  it('asks for an empty command', () => {
    expect(isKnownSafeCommand([])).toBe(false);
  });

  describe('base64', () => {
    it.each(['base64', 'base64 file.bin', 'base64 -d encoded.txt', 'base64 -w 0 file', 'base64 --decode -i x', 'base64 -- -o'])(
      'may encode and decode to the screen: `%s`',
      (line) => {
        expect(isKnownSafeCommand(words(line))).toBe(true);
      },
    );

    it.each([
      'base64 -o out.bin', 'base64 --output out.bin', 'base64 --output=out.bin', 'base64 -ob64.txt',
      'base64 -Do out.bin in.txt', 'base64 --out=out.bin', 'base64 in.txt -o out.bin',
    ])('may not write a file: `%s`', (line) => {
      expect(isKnownSafeCommand(words(line))).toBe(false);
    });

    it('asks for base64 writing a file inside a shell script', () => {
      expect(isKnownSafeCommand(['bash', '-lc', 'cat a | base64 -o b64.txt'])).toBe(false);
      expect(isKnownSafeCommand(['bash', '-lc', 'cat a | base64'])).toBe(true);
    });
  });

  describe('numfmt and tac', () => {
    const realPlatform = process.platform;
    const pretendPlatform = (platform: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value: platform });
    afterEach(() => {
      pretendPlatform(realPlatform);
    });

    it.each(['numfmt 1000', 'numfmt --to=iec 1048576', 'tac Cargo.toml', 'tac -s , list.txt'])('may run on Linux: `%s`', (line) => {
      pretendPlatform('linux');
      expect(isKnownSafeCommand(words(line))).toBe(true);
      expect(isKnownSafeCommand(['bash', '-lc', line])).toBe(true);
    });

    // macOS ships neither, so a program of that name is whatever was installed under it.
    it.each(['numfmt 1000', 'tac Cargo.toml'])('asks elsewhere: `%s`', (line) => {
      pretendPlatform('darwin');
      expect(isKnownSafeCommand(words(line))).toBe(false);
    });
  });

  describe('find', () => {
    it('may search and print', () => {
      expect(isKnownSafeCommand(['find', '.', '-name', '*.ts', '-type', 'f', '-print'])).toBe(true);
    });

    it.each(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf'])(
      'may not use %s',
      (action) => {
        expect(isKnownSafeCommand(['find', '.', '-name', 'x', action, 'rm', '{}', ';'])).toBe(false);
      },
    );

    it('may not delete (`find . -name x -delete`)', () => {
      expect(isKnownSafeCommand(words('find . -name x -delete'))).toBe(false);
    });
  });

  describe('rg', () => {
    it('may search', () => {
      expect(isKnownSafeCommand(['rg', '-n', '--glob', '*.ts', 'TODO', 'src'])).toBe(true);
    });

    it.each([
      ['rg', '--pre', 'sh', 'x'],
      ['rg', '--pre=sh', 'x'],
      ['rg', '--hostname-bin', 'evil', 'x'],
      ['rg', '--hostname-bin=evil', 'x'],
      ['rg', '--search-zip', 'x'],
      ['rg', '-z', 'x'],
      ['rg', '-iz', 'x'],
    ])('may not run other programs: %j', (...argv) => {
      expect(isKnownSafeCommand(argv)).toBe(false);
    });
  });

  describe('git', () => {
    it.each([
      'git status', 'git status --porcelain', 'git log --oneline -n 5', 'git diff HEAD~1 -- src', 'git show HEAD --stat',
      'git diff --text a b', 'git branch', 'git branch -a', 'git branch --show-current', 'git branch -vv',
      'git branch --list feat-*', 'git branch --format=%(refname) --sort=-committerdate',
      'git --no-pager log', 'git -P --no-optional-locks status',
      // `-p` after the subcommand is the patch format, not the pager.
      'git log -p -1', 'git diff -p', 'git show -p HEAD',
    ])('may read: `%s`', (line) => {
      expect(isKnownSafeCommand(words(line))).toBe(true);
    });

    // Another repository means another repository's config, and config names programs to run.
    it.each([
      'git --git-dir=evil --work-tree=. status',
      'git -C . status',
      'git -C. status',
      'git -C sub status',
      'git -C . branch --show-current',
      'git -c core.pager=cat log -n 1',
      'git -ccore.pager=cat status',
      'git --config-env core.pager=PAGER show HEAD',
      'git --config-env=core.pager=PAGER show HEAD',
      'git --git-dir .evil-git diff HEAD~1..HEAD',
      'git --git-dir=.evil-git diff HEAD~1..HEAD',
      'git --git-dir=.git log',
      'git --work-tree . status',
      'git --work-tree=. status',
      'git --exec-path .git/helpers show HEAD',
      'git --exec-path=.git/helpers show HEAD',
      'git --namespace attacker show HEAD',
      'git --namespace=attacker show HEAD',
      'git --super-prefix attacker/ show HEAD',
      'git --super-prefix=attacker/ show HEAD',
      'git --bare log',
      'git --paginate log -1',
      'git -p log -1',
      'git --no-pager -C elsewhere log',
    ])('asks when a global option picks the repository, its config or its programs: `%s`', (line) => {
      expect(isKnownSafeCommand(words(line))).toBe(false);
    });

    it.each([
      'git -C .project-deps/test-fixtures status',
      'git --git-dir=.evil-git diff HEAD~1..HEAD',
      'git --git-dir=evil --work-tree=. status',
      'git --paginate log -1',
      'git -p log -1',
      'git -C . branch -d feature',
      'git branch -d feature',
    ])('asks for `%s` inside a shell script too', (script) => {
      expect(isKnownSafeCommand(['bash', '-lc', script])).toBe(false);
    });

    it('reads `git log -p` inside a shell script', () => {
      expect(isKnownSafeCommand(['bash', '-lc', 'git log -p -1'])).toBe(true);
    });

    it.each([
      ['an output file', 'git log --output=/tmp/out'],
      ['an output file before other options', 'git log --output=/tmp/git-log-out-test -n 1'],
      ['an output file for show', 'git show --output=/tmp/git-show-out-test HEAD'],
      ['an output file, separate', 'git diff --output /tmp/out'],
      ['an abbreviated output option', 'git log --outp=/tmp/out'],
      ['an external diff', 'git diff --ext-diff'],
      ['text conversion filters', 'git show --textconv HEAD'],
      ['a writing subcommand', 'git commit -m x'],
      ['a subcommand named like a read-only one later', 'git checkout status'],
      ['a fetch', 'git fetch'],
      ['branch deletion', 'git branch -d feature'],
      ['forced branch deletion', 'git branch -D feature'],
      ['branch renaming', 'git branch -m old new'],
      ['branch copying', 'git branch -c old new'],
      ['branch creation', 'git branch new-branch'],
      ['branch upstream changes', 'git branch --set-upstream-to=origin/main'],
      ['no subcommand', 'git'],
    ])('asks for %s', (_what, line) => {
      expect(isKnownSafeCommand(words(line))).toBe(false);
    });
  });

  describe('sed', () => {
    it.each(['sed -n 5p file', 'sed -n 1,20p src/a.ts', 'sed -n 5p'])('may print lines: `%s`', (line) => {
      expect(isKnownSafeCommand(words(line))).toBe(true);
    });

    it.each([
      'sed -i s/a/b/ file',
      'sed -n 5p file -i',
      'sed -n 1,2,3p file',
      'sed -n xp file',
      'sed -n 5w/tmp/out file',
      'sed s/a/b/ file',
      'sed -n 5p a b',
    ])('asks for `%s`', (line) => {
      expect(isKnownSafeCommand(words(line))).toBe(false);
    });
  });

  describe('shell scripts', () => {
    it.each([
      ['bash', '-lc', 'git status && ls'],
      ['bash', '-c', 'cat foo | grep x'],
      ['zsh', '-lc', 'ls'],
      ['sh', '-c', "grep -n 'a b' src/x.ts; wc -l src/x.ts"],
      ['/bin/bash', '-lc', 'sed -n 1,40p README.md'],
      ['bash', '-lc', 'cd src && rg -n TODO'],
      ['bash', '-lc', "bash -c 'ls'"],
    ])('may run a script of read-only commands: %j', (...argv) => {
      expect(isKnownSafeCommand(argv)).toBe(true);
    });

    it.each([
      ['a dangerous command after a safe one', 'ls && rm -rf /'],
      ['a command substitution', 'echo $(rm -rf x)'],
      ['a redirection that writes', 'ls > out.txt'],
      ['a pipe into an unknown program', 'cat a | sh'],
      ['an unsafe find', 'find . -name x -delete'],
      ['a git config override', 'git -c core.pager=x log'],
      ['sed editing in place', 'sed -i s/a/b/ file'],
      ['a glob', 'cat *'],
      ['a subshell', '(ls)'],
      ['an empty script', ''],
      ['a syntax error', 'ls "'],
    ])('asks for a script with %s', (_what, script) => {
      expect(isKnownSafeCommand(['bash', '-lc', script])).toBe(false);
    });

    it('reads a double-quoted argument across lines as bash does', () => {
      expect(isKnownSafeCommand(['bash', '-lc', 'echo "one\ntwo" && git status'])).toBe(true);
      // The newline is part of the word: a branch name to create, not the listing flag.
      expect(isKnownSafeCommand(['bash', '-lc', 'git branch "\n--show-current"'])).toBe(false);
    });

    it('asks when the shell is not a system one', () => {
      expect(isKnownSafeCommand(['./bash', '-lc', 'ls'])).toBe(false);
    });

    it('asks for other ways of running a shell', () => {
      expect(isKnownSafeCommand(['bash', 'script.sh'])).toBe(false);
      expect(isKnownSafeCommand(['bash', '-lc', 'ls', 'extra'])).toBe(false);
      expect(isKnownSafeCommand(['bash', '-x', 'ls'])).toBe(false);
    });
  });
});
