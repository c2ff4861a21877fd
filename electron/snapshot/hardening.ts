/*
 * A repository's config can name programs for git to run: hooks, an fsmonitor, filters, diff and merge
 * drivers, a pager, an ssh command, credential helpers, a gpg program. Tandem's own git (snapshots,
 * diffs, undo) must run none of them: a cloned or downloaded repository, or a command that once ran
 * `git init` in the project, would otherwise run code outside the sandbox without anyone's yes.
 * Every call switches the fixed ones off; the drivers, which are named per repository, are switched
 * off per repository (repositoryConfigOverrides). git itself also runs inside the sandbox (git.ts).
 */

/** `-c` pairs given to every git call. An empty value resets a list-valued key (credential.helper). */
export const REPOSITORY_PROGRAMS_OFF: readonly string[] = [
  ['core.fsmonitor', 'false'],
  // No hook can live under /dev/null: the post-index-change hook, which read-tree and update-index run, included.
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.editor', 'true'],
  ['sequence.editor', 'true'],
  ['core.askPass', ''],
  ['core.sshCommand', ''],
  ['core.gitProxy', ''],
  ['core.alternateRefsCommand', ''],
  ['diff.external', ''],
  ['credential.helper', ''],
  ['gpg.program', ''],
  ['gpg.openpgp.program', ''],
  ['gpg.x509.program', ''],
  ['gpg.ssh.program', ''],
  ['gpg.ssh.defaultKeyCommand', ''],
  ['uploadpack.packObjectsHook', ''],
  // No transport at all: nothing here fetches, and a remote helper is a program too.
  ['protocol.allow', 'never'],
].flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/** Per-driver keys that name a program, and the value that disarms each. */
const DRIVER_KEYS: ReadonlyArray<{ section: string; key: string; off: string }> = [
  { section: 'filter', key: 'clean', off: '' },
  { section: 'filter', key: 'smudge', off: '' },
  { section: 'filter', key: 'process', off: '' },
  // A required filter with no program makes git fail rather than pass the file through.
  { section: 'filter', key: 'required', off: 'false' },
  { section: 'diff', key: 'command', off: '' },
  { section: 'diff', key: 'textconv', off: '' },
  { section: 'merge', key: 'driver', off: '' },
  { section: 'credential', key: 'helper', off: '' },
  { section: 'pager', key: '', off: 'false' },
  { section: 'remote', key: 'uploadpack', off: '' },
  { section: 'remote', key: 'receivepack', off: '' },
  { section: 'remote', key: 'vcs', off: '' },
];

/** Scopes whose files the repository (or a command in it) controls, as `git config --show-scope` names them. */
const REPOSITORY_SCOPES = new Set(['local', 'worktree']);

/** A config key and the value that overrides it for one git run. */
export type ConfigOverride = readonly [key: string, value: string];

/**
 * The overrides that disarm every driver the repository's own config (and what it includes) defines,
 * from `git config --list --show-scope --name-only -z` output: pairs of scope and key name. The
 * person's global and system config are theirs (git-lfs's filter, say) and are left as they are.
 * They reach git through GIT_CONFIG_COUNT/KEY/VALUE (see configEnvironment), not `-c`: a driver's name
 * may hold `=`, which `-c` would split at.
 */
export function repositoryConfigOverrides(listing: string): ConfigOverride[] {
  const fields = listing.split('\0');
  const overrides = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const scope = fields[i] ?? '';
    const name = fields[i + 1] ?? '';
    if (!REPOSITORY_SCOPES.has(scope)) continue;
    const firstDot = name.indexOf('.');
    const lastDot = name.lastIndexOf('.');
    if (firstDot < 0) continue;
    const section = name.slice(0, firstDot).toLowerCase();
    const key = name.slice(lastDot + 1).toLowerCase();
    for (const driver of DRIVER_KEYS) {
      if (driver.section !== section) continue;
      // pager.<command> has no subsection; the others are <section>.<name>.<key>.
      if (driver.key === '' ? firstDot === lastDot : driver.key === key && firstDot !== lastDot) overrides.set(name, driver.off);
    }
  }
  return [...overrides];
}

/** The environment that gives git `overrides` as command-line config, after any the environment already gives. */
export function configEnvironment(overrides: readonly ConfigOverride[], env: NodeJS.ProcessEnv): Record<string, string> {
  if (overrides.length === 0) return {};
  const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
  const start = Number.isInteger(existing) && existing > 0 ? existing : 0;
  const added: Record<string, string> = { GIT_CONFIG_COUNT: String(start + overrides.length) };
  overrides.forEach(([key, value], i) => {
    added[`GIT_CONFIG_KEY_${start + i}`] = key;
    added[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  return added;
}
