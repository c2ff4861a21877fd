// Which `git` invocations only read: status, log, diff, show, and listing forms of branch.

const READ_ONLY_SUBCOMMANDS = new Set(['status', 'log', 'diff', 'show', 'branch']);

// Global options that change nothing but how git prints or matches paths.
const HARMLESS_GLOBAL_FLAGS = new Set([
  '--no-pager',
  '-P',
  '--no-replace-objects',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--no-optional-locks',
  '--no-advice',
]);
// Every other option before the subcommand asks, in any spelling (`--git-dir x`, `--git-dir=x`,
// `-Cx`). Those that pick another repository (`-C`, `--git-dir`, `--work-tree`, `--namespace`,
// `--super-prefix`, `--bare`) make git obey that repository's config, and config runs programs:
// `git --git-dir=evil status` starts evil's core.fsmonitor hook. `-c` and `--config-env` set
// config outright, `--exec-path` says where git finds its own programs, `-p`/`--paginate` starts
// a pager.

// Subcommand options that write files or run external programs.
const UNSAFE_SUBCOMMAND_OPTIONS = ['--output', '--ext-diff', '--textconv', '--exec', '--paginate'];

function isUnsafeSubcommandOption(arg: string): boolean {
  if (!arg.startsWith('--') || arg === '--') return false;
  const name = arg.split('=', 1)[0] ?? arg;
  // `--text` (diff binary files as text) is an option of its own, not short for `--textconv`.
  if (name === '--text') return false;
  // Some git versions accept any unambiguous prefix of a long option (`--outp=FILE`).
  return UNSAFE_SUBCOMMAND_OPTIONS.some((unsafe) => unsafe.startsWith(name));
}

// `git branch` lists when given only these; any other flag or a bare name creates, deletes,
// renames, copies or re-points a branch.
const BRANCH_LISTING_FLAGS = new Set([
  '--list', '-l', '--show-current', '-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose',
  '--color', '--no-color', '--column', '--no-column', '-i', '--ignore-case', '--no-abbrev', '--omit-empty',
]);
const BRANCH_LISTING_OPTIONS_WITH_VALUE = ['--format', '--sort', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--abbrev', '--color', '--column'];

function isBranchListing(args: readonly string[]): boolean {
  const listsByPattern = args.includes('--list') || args.includes('-l');
  for (const arg of args) {
    if (BRANCH_LISTING_FLAGS.has(arg)) continue;
    if (BRANCH_LISTING_OPTIONS_WITH_VALUE.some((option) => arg.startsWith(`${option}=`))) continue;
    // With --list, bare words are patterns of branch names to show.
    if (listsByPattern && !arg.startsWith('-')) continue;
    return false;
  }
  return true;
}

/** Whether `git ARGS` (argv without the leading `git`) only reads the repository. */
export function isReadOnlyGit(args: readonly string[]): boolean {
  let index = 0;
  while (index < args.length) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-')) break;
    if (!HARMLESS_GLOBAL_FLAGS.has(arg)) return false;
    index += 1;
  }
  const subcommand = args[index];
  if (subcommand === undefined || !READ_ONLY_SUBCOMMANDS.has(subcommand)) return false;
  const rest = args.slice(index + 1);
  if (rest.some(isUnsafeSubcommandOption)) return false;
  return subcommand !== 'branch' || isBranchListing(rest);
}
