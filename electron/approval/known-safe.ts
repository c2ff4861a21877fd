// Commands that only read, so that the `untrusted` policy can run them without asking
// (agent-behavior.md section 5).
import { isReadOnlyGit } from './git-read-only.js';
import { parseShellScript } from './plain-script.js';
import { programName, shellScript } from './shell-invocation.js';

// Programs that read files or print facts, whatever their arguments.
const READ_ONLY_PROGRAMS = new Set([
  'cat', 'cd', 'cut', 'echo', 'expr', 'false', 'grep', 'head', 'id', 'ls', 'nl', 'paste', 'pwd',
  'rev', 'seq', 'stat', 'tail', 'tr', 'true', 'uname', 'wc', 'which', 'whoami',
]);

// GNU coreutils programs that only print. macOS has no `tac` or `numfmt` of its own, so there the
// name may be any program someone installed under it.
const GNU_READ_ONLY_PROGRAMS = new Set(['numfmt', 'tac']);

// base64 prints, except that the BSD/macOS one writes a file given with -o/--output.
function isReadOnlyBase64(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return true;
    if (arg.startsWith('--')) {
      const name = arg.split('=', 1)[0] ?? arg;
      // getopt_long takes any unambiguous prefix: `--out` is `--output`.
      if (name.length >= 3 && '--output'.startsWith(name)) return false;
    } else if (arg.startsWith('-') && arg.includes('o')) {
      // `-o FILE`, `-oFILE`, or `-o` inside a cluster of short flags (`-Do FILE`).
      return false;
    }
  }
  return true;
}

// find's actions that run programs, delete, or write the matches to a file.
const UNSAFE_FIND_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf']);

function isReadOnlyFind(args: readonly string[]): boolean {
  return !args.some((arg) => UNSAFE_FIND_ACTIONS.has(arg));
}

// --pre and --hostname-bin name a program for rg to run; -z/--search-zip runs decompressors.
function isReadOnlyRipgrep(args: readonly string[]): boolean {
  return !args.some((arg) => {
    if (arg === '--search-zip' || arg === '--pre' || arg === '--hostname-bin') return true;
    if (arg.startsWith('--pre=') || arg.startsWith('--hostname-bin=')) return true;
    // A cluster of short flags (`-iz`) turns on -z as surely as `-z` alone.
    return /^-[^-]/.test(arg) && arg.includes('z');
  });
}

// `sed -n 5p FILE` and `sed -n 2,9p FILE` print lines; any other sed script could write (`w`).
function isSedPrint(args: readonly string[]): boolean {
  if (args.length < 2 || args.length > 3) return false;
  const [quiet, script, file] = args;
  if (quiet !== '-n' || script === undefined || !/^\d+(,\d+)?p$/.test(script)) return false;
  // GNU sed takes options after the script too, and `-i` there would edit the file.
  return file === undefined || !file.startsWith('-');
}

// `uniq INPUT OUTPUT` writes OUTPUT; with at most one file it only reads.
const UNIQ_OPTIONS_WITH_VALUE = new Set(['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars']);

function isReadOnlyUniq(args: readonly string[]): boolean {
  let files = 0;
  let optionsEnded = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
    } else if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      if (UNIQ_OPTIONS_WITH_VALUE.has(arg)) index++;
    } else {
      files++;
    }
  }
  return files <= 1;
}

function isKnownSafeProgram(argv: readonly string[]): boolean {
  const [program, ...args] = argv;
  const name = program === undefined ? null : programName(program);
  if (name === null) return false;
  if (READ_ONLY_PROGRAMS.has(name)) return true;
  if (GNU_READ_ONLY_PROGRAMS.has(name)) return process.platform === 'linux';
  switch (name) {
    case 'base64':
      return isReadOnlyBase64(args);
    case 'find':
      return isReadOnlyFind(args);
    case 'rg':
      return isReadOnlyRipgrep(args);
    case 'git':
      return isReadOnlyGit(args);
    case 'sed':
      return isSedPrint(args);
    case 'uniq':
      return isReadOnlyUniq(args);
    default:
      return false;
  }
}

/**
 * Whether a command only reads, so it may run without asking even under `untrusted`: a program
 * from the read-only list (with the argument rules for base64, find, rg, git, sed and uniq, and
 * numfmt and tac on Linux only), or a `bash|zsh|sh -c|-lc SCRIPT` whose script is plain commands
 * (see parseShellScript) that are each known safe. Needs loadShellParser() to have finished.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  const script = shellScript(argv);
  if (script === null) return isKnownSafeProgram(argv);
  const commands = parseShellScript(script);
  return commands !== null && commands.length > 0 && commands.every((command) => isKnownSafeCommand(command));
}
