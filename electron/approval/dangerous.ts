// Commands a person should see before they run, even when the policy would not otherwise ask:
// forced removals (agent-behavior.md section 5). Unlike the known-safe check this errs towards matching: a false
// alarm costs a click, a miss can cost a project.
import type { Node } from 'web-tree-sitter';
import { programBaseName } from './shell-invocation.js';
import { readShellSyntax } from './shell-parser.js';
import { approximateWord } from './shell-words.js';
import { namedChildrenOf } from './syntax-children.js';

// Programs that run another command given in their arguments (`sudo rm -rf x`, `xargs rm -f`,
// `find . -exec rm -f {} +`). Rather than learn each one's options, every later argument is
// tried as the start of the command it runs.
const COMMAND_RUNNERS = new Set([
  'sudo', 'doas', 'env', 'command', 'builtin', 'exec', 'nice', 'nohup', 'time', 'timeout',
  'xargs', 'find', 'watch', 'stdbuf', 'ionice', 'setsid', 'chronic',
]);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);
// Scripts inside scripts beyond this depth are not worth the trouble of reading: ask.
const MAX_SCRIPT_DEPTH = 4;

function forcesRemoval(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg.startsWith('--')) {
      const name = arg.split('=', 1)[0] ?? arg;
      // GNU getopt takes any unambiguous prefix: `--forc` is `--force`.
      if (name.length >= 3 && '--force'.startsWith(name)) return true;
    } else if (arg.startsWith('-') && arg.includes('f')) {
      // `-f`, `-rf`, `-fR`, `-vrf`: short flags cluster, and GNU rm reads them after operands too.
      return true;
    }
  }
  return false;
}

function commandArgv(command: Node): string[] {
  const argv: string[] = [];
  for (const child of namedChildrenOf(command)) {
    if (child.type === 'variable_assignment' || child.type.endsWith('_redirect')) continue;
    const word = child.type === 'command_name' ? (child.firstNamedChild ?? child) : child;
    argv.push(approximateWord(word));
  }
  return argv;
}

function scriptIsDangerous(script: string, depth: number): boolean {
  if (depth > MAX_SCRIPT_DEPTH) return true;
  // Reads every command the grammar finds, even in scripts with syntax errors or constructs the
  // strict reader refuses: inside $(...), subshells, functions, loops, heredoc bodies.
  const found = readShellSyntax(script, (root) => {
    const pending: Node[] = [root];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (node.type === 'command' && commandIsDangerous(commandArgv(node), depth)) return true;
      pending.push(...namedChildrenOf(node));
    }
    return false;
  });
  return found ?? true;
}

function runsDangerously(argv: readonly string[], depth: number): boolean {
  const [program, ...args] = argv;
  if (program === undefined) return false;
  const name = programBaseName(program);
  if (name === 'rm') return forcesRemoval(args);
  if (name === 'eval') return args.length > 0 && scriptIsDangerous(args.join(' '), depth + 1);
  if (SHELLS.has(name)) {
    // `-c`, `-lc`, `-ec`...: the argument after the flag cluster is the script.
    return args.some((arg, index) => {
      const script = args[index + 1];
      return /^-[A-Za-z]*c[A-Za-z]*$/.test(arg) && script !== undefined && scriptIsDangerous(script, depth + 1);
    });
  }
  return false;
}

function commandIsDangerous(argv: readonly string[], depth: number): boolean {
  const program = argv[0];
  if (program !== undefined && COMMAND_RUNNERS.has(programBaseName(program))) {
    return argv.some((_, index) => index > 0 && runsDangerously(argv.slice(index), depth));
  }
  return runsDangerously(argv, depth);
}

/**
 * Whether a command removes files by force: `rm` with -f, -rf, -fr, --force (in any flag
 * cluster or position), also behind sudo, env, xargs, find -exec and the like, and anywhere in a
 * `bash|sh|zsh -c` script, including scripts too complex for parseShellScript. Needs
 * loadShellParser() to have finished.
 */
export function isDangerousCommand(argv: readonly string[]): boolean {
  return commandIsDangerous(argv, 0);
}
