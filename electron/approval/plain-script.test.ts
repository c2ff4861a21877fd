import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShellScript } from './plain-script.js';
import { loadShellParser } from './shell-parser.js';

beforeAll(() => loadShellParser());

/** The argv bash itself builds for a one-command script, by running it with printf in front. */
function argvFromBash(script: string): string[] {
  const output = execFileSync('bash', ['-c', `printf '%s\\0' ${script}`], { encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

describe('parseShellScript', () => {
  it('splits commands joined by && || ; | and newlines', () => {
    expect(parseShellScript('ls -la && pwd || echo no; cat a | grep -n x\nwc -l')).toEqual([
      ['ls', '-la'],
      ['pwd'],
      ['echo', 'no'],
      ['cat', 'a'],
      ['grep', '-n', 'x'],
      ['wc', '-l'],
    ]);
  });

  it('gives an empty list for an empty script', () => {
    expect(parseShellScript('')).toEqual([]);
    expect(parseShellScript('  \n ')).toEqual([]);
  });

  it.each([
    `echo "hello world" 'single quoted' plain`,
    String.raw`echo foo\ bar "a\"b" "back\\slash" "keep\n" 'it'\''s'`,
    `git log --format="%h %s" -n 3`,
    `echo a"b"'c'd 123 -- --x=y`,
    `echo "" '' x`,
    `grep -e 'a|b' "semi;colon" 'and&&'`,
    `echo HEAD~3 a=b`,
  ])('removes quotes exactly as bash does: %s', (script) => {
    expect(parseShellScript(script)).toEqual([argvFromBash(script)]);
  });

  // Inside double quotes a newline is part of the word; only a backslash before it joins lines.
  it.each([
    ['a commit message', 'git commit -m "line1\nline2"'],
    ['blank lines', 'echo "a\n\nb c\n"'],
    ['blanks around the newline', 'echo "a \n\t b"'],
    ['only a newline', 'echo "\n"'],
    ['a newline first', 'echo "\nx"'],
    ['carriage returns', 'echo "a\r\nb"'],
    ['an escaped quote after a newline', 'echo "a\n\\"b"'],
    ['a quoted part of a longer word', 'echo a"b\nc"d'],
    ['a backslash-newline', 'echo "a\\\nb"'],
  ])('keeps newlines inside double quotes as bash does: %s', (_what, script) => {
    expect(parseShellScript(script)).toEqual([argvFromBash(script)]);
  });

  it('keeps the newline of a multi-line commit message', () => {
    expect(parseShellScript('git commit -m "line1\nline2"')).toEqual([['git', 'commit', '-m', 'line1\nline2']]);
    expect(parseShellScript('git add -A && git commit -m "subject\n\nbody"')).toEqual([
      ['git', 'add', '-A'],
      ['git', 'commit', '-m', 'subject\n\nbody'],
    ]);
  });

  it.each([
    ['output redirection', 'ls > out.txt'],
    ['append redirection', 'echo x >> log'],
    ['input redirection', 'cat < secret'],
    ['stderr redirection', 'ls 2>/dev/null'],
    ['heredoc', 'cat <<EOF\nhi\nEOF'],
    ['herestring', 'cat <<< hi'],
    ['command substitution', 'echo $(rm -rf x)'],
    ['command substitution in quotes', 'echo "$(id)"'],
    ['backquotes', 'echo `id`'],
    ['variable', 'echo $HOME'],
    ['variable in quotes', 'echo "$HOME"'],
    ['braced expansion', 'echo ${HOME}'],
    ['arithmetic', 'echo $((1+2))'],
    ['ANSI-C string', "echo $'a\\nb'"],
    ['glob', 'ls *.ts'],
    ['question-mark glob', 'ls file?.txt'],
    ['bracket glob', 'ls a[1]'],
    ['brace expansion', 'echo {a,b}'],
    ['range expansion', 'echo {1..3}'],
    ['tilde', 'ls ~/x'],
    ['tilde after =', 'echo --dir=~/x'],
    ['zsh =program expansion', 'echo =ls'],
    ['assignment prefix', 'FOO=1 ls'],
    ['bare assignment', 'FOO=1'],
    ['subshell', '(ls)'],
    ['group', '{ ls; }'],
    ['background', 'ls &'],
    ['|& pipe', 'ls |& cat'],
    ['negation', '! ls'],
    ['if', 'if true; then ls; fi'],
    ['for loop', 'for f in a b; do echo $f; done'],
    ['function', 'f() { ls; }'],
    ['comment', 'ls # list'],
    ['process substitution', 'diff <(ls) <(ls)'],
    ['syntax error', 'ls "unterminated'],
    ['dangling operator', 'ls &&'],
    ['variable as program', '$CMD -x'],
  ])('refuses a script with %s', (_construct, script) => {
    expect(parseShellScript(script)).toBeNull();
  });

  it('accepts glob characters that are quoted or escaped', () => {
    expect(parseShellScript(String.raw`find . -name '*.ts' -o -name "*.js" -o -name \*.md`)).toEqual([
      ['find', '.', '-name', '*.ts', '-o', '-name', '*.js', '-o', '-name', '*.md'],
    ]);
  });
});
