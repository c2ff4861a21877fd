// Which `git` invocations only read: status, log, diff, show, and listing forms of branch.

const READ_ONLY_SUBCOMMANDS = new Set(['status', 'log', 'diff', 'show', 'branch']);

// Global options that change nothing but where git looks or how it prints.
const HARMLESS_GLOBAL_FLAGS = new Set([
  '--no-pager',
  '-P',
  '--bare',
  '--no-replace-objects',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
  '--no-optional-locks',
  '--no-advice',
]);
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['-C', '--git-dir', '--work-tree', '--namespace']);
// Everything else before the subcommand fails, notably `-c name=value` and `--config-env`
// (config can name a pager, diff driver or hook to run), `--exec-path` (where git finds its
// programs) and `-p`/`--paginate`.

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
    if (HARMLESS_GLOBAL_FLAGS.has(arg)) {
      index += 1;
    } else if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      index += 2;
    } else if ([...GLOBAL_OPTIONS_WITH_VALUE].some((option) => option.startsWith('--') && arg.startsWith(`${option}=`))) {
      index += 1;
    } else {
      return false;
    }
  }
  const subcommand = args[index];
  if (subcommand === undefined || !READ_ONLY_SUBCOMMANDS.has(subcommand)) return false;
  const rest = args.slice(index + 1);
  if (rest.some(isUnsafeSubcommandOption)) return false;
  return subcommand !== 'branch' || isBranchListing(rest);
}
