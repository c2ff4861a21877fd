import { describe, expect, it } from 'vitest';
import { isRawPatchCommand, RAW_PATCH_REFUSAL } from './raw-patch.js';

const PATCH = ['*** Begin Patch', '*** Add File: hello.txt', '+hi', '*** End Patch'].join('\n');

describe('isRawPatchCommand', () => {
  it.each([
    ['the patch as the whole command', [PATCH]],
    ['the patch as the program, with more words', [PATCH, '--verbose']],
    ['a patch split into words', ['*** Begin Patch', '*** Add File: hello.txt']],
    ['the script of bash -lc', ['bash', '-lc', PATCH]],
    ['the script of bash -c', ['bash', '-c', PATCH]],
    ['the script of zsh and sh', ['zsh', '-lc', PATCH]],
    ['the script of a shell at a system path', ['/bin/sh', '-c', PATCH]],
    ['the script of the user\'s own shell anywhere', ['/home/me/.nix-profile/bin/bash', '-c', PATCH]],
    ['a script with words after it', ['bash', '-lc', PATCH, 'bash']],
    ['a patch after blank lines and padding', ['bash', '-lc', `\n\n   ${PATCH}\n`]],
    ['a patch with Windows line ends', ['bash', '-lc', PATCH.replaceAll('\n', '\r\n')]],
    ['a patch still in its heredoc', ['bash', '-lc', `<<'EOF'\n${PATCH}\nEOF`]],
    ['a heredoc-wrapped patch as the command', [`<<EOF\n${PATCH}\nEOF\n`]],
    ['a patch that would not parse', ['bash', '-lc', '*** Begin Patch\n*** Frobnicate File: x']],
  ])('spots %s', (_what, argv) => {
    expect(isRawPatchCommand(argv)).toBe(true);
  });

  it.each([
    ['apply_patch with the patch', ['apply_patch', PATCH]],
    ['applypatch with the patch', ['applypatch', PATCH]],
    ['apply_patch with a heredoc', ['bash', '-lc', `apply_patch <<'EOF'\n${PATCH}\nEOF`]],
    ['cd then apply_patch', ['bash', '-lc', `cd src && apply_patch <<'EOF'\n${PATCH}\nEOF`]],
    ['a heredoc to another program', ['bash', '-lc', `cat <<'EOF'\n${PATCH}\nEOF`]],
    ['a heredoc of something else', ['bash', '-lc', "<<'EOF'\nhello\nEOF"]],
    ['the marker as an argument', ['echo', PATCH]],
    ['the marker quoted in a script', ['bash', '-lc', 'echo "*** Begin Patch"']],
    ['a patch given to another interpreter', ['python3', '-c', PATCH]],
    ['a patch as a script file name', ['bash', '-x', PATCH]],
    ['an ordinary command', ['bash', '-lc', 'ls -la']],
    ['an empty command', []],
  ])('leaves %s alone', (_what, argv) => {
    expect(isRawPatchCommand(argv)).toBe(false);
  });

  it('answers with the words Codex uses, which name the fix', () => {
    expect(RAW_PATCH_REFUSAL).toBe(
      'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]',
    );
  });
});
