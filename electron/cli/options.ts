import { InvalidArgumentError, Option, type Command } from 'commander';
import { envNameProblem, hiddenPathProblem } from '../../shared/host/sandbox-privacy.js';
import { APPROVAL_POLICIES, SANDBOX_MODES, sandboxPolicyFromMode } from '../../shared/protocol/policy-names.js';
import type { ApprovalPolicy, SandboxPolicy } from '../../shared/protocol/policy.js';
import type { SessionOptions } from '../agent/config.js';

export interface SharedCliOptions {
  cd?: string;
  model?: string;
  askForApproval?: ApprovalPolicy;
  sandbox?: SandboxPolicy['mode'];
  baseUrl?: string;
  allowBroadFolder?: boolean;
  hide?: string[];
  passEnv?: string[];
  serverState?: boolean;
}

/** A repeatable flag's parser: each use adds one entry, checked as Settings checks it. */
function eachChecked(problemOf: (value: string) => string | null) {
  return (value: string, previous: string[] | undefined): string[] => {
    const problem = problemOf(value);
    if (problem) throw new InvalidArgumentError(`${problem}.`);
    return [...(previous ?? []), value];
  };
}

/** The flag that lets `/`, the home folder or a folder holding it be the project folder (see broad-folder.ts). */
export const ALLOW_BROAD_FOLDER_FLAG = '--allow-broad-folder';

/** "Keep the conversation on the server" for one run; the saved setting applies without it, and the flag is never saved. */
export const SERVER_STATE_FLAG = '--server-state';

/** The options every subcommand shares, named as in `codex exec`. */
export function addSharedOptions(command: Command): Command {
  return command
    .addOption(new Option('-C, --cd <dir>', 'the project folder to work in (default: the current folder)'))
    .addOption(new Option('-m, --model <model>', 'the model to use'))
    .addOption(new Option('-a, --ask-for-approval <policy>', 'when to ask before running a command').choices(APPROVAL_POLICIES))
    .addOption(new Option('-s, --sandbox <mode>', 'what commands may touch').choices(SANDBOX_MODES))
    .addOption(new Option('--base-url <url>', 'the Responses API base URL (default: OPENAI_BASE_URL, then OpenAI)'))
    .addOption(
      new Option('--hide <path>', 'also hide this folder or file from sandboxed commands, besides the places saved in Settings (absolute or ~/...; repeatable)').argParser(
        eachChecked(hiddenPathProblem),
      ),
    )
    .addOption(
      new Option('--pass-env <name>', 'pass this variable to commands although its name looks secret (GITHUB_TOKEN, say), besides those saved in Settings (repeatable)').argParser(
        eachChecked(envNameProblem),
      ),
    )
    .addOption(
      new Option(
        SERVER_STATE_FLAG,
        'keep the conversation on the server for this run: each request sends only what is new (store: true, chained by previous_response_id); the provider keeps the conversation, which zero-data-retention accounts do not allow (default: as saved in Settings, off)',
      ),
    )
    .addOption(
      new Option(
        ALLOW_BROAD_FOLDER_FLAG,
        'let the project folder be /, your home folder or a folder that holds it; refused without this (exit status 2), since commands could change every file under it (a read-only sandbox needs no flag)',
      ),
    );
}

export function sessionOptionsFrom(
  opts: SharedCliOptions,
  defaults: { approvalPolicy: ApprovalPolicy; sandbox: SandboxPolicy['mode'] },
): SessionOptions {
  return {
    cwd: opts.cd ?? process.cwd(),
    model: opts.model,
    baseUrl: opts.baseUrl,
    approvalPolicy: opts.askForApproval ?? defaults.approvalPolicy,
    sandboxPolicy: sandboxPolicyFromMode(opts.sandbox ?? defaults.sandbox),
    hiddenPaths: opts.hide,
    envPassthrough: opts.passEnv,
    // Only ever "on": without the flag the saved setting decides (see withSavedSettings).
    serverState: opts.serverState === true ? true : undefined,
    allowBroadFolder: opts.allowBroadFolder === true,
  };
}
