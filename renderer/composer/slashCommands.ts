import type { SessionView } from '../conversation/sessionView.js';

/**
 * The composer's slash commands: typed as the message's first word, they act on the window instead of going
 * to the model. What each does comes from the conversation screen (its store actions), so this file only
 * knows their names, their words and how typing finds them.
 */
export const SLASH_COMMAND_NAMES = ['new', 'compact', 'undo', 'diff', 'model', 'approvals', 'export', 'status', 'help'] as const;
export type SlashCommandName = (typeof SLASH_COMMAND_NAMES)[number];

export const SLASH_COMMAND_DESCRIPTIONS: Record<SlashCommandName, string> = {
  new: 'Start a new session in this project',
  compact: 'Summarise the conversation to free the context',
  undo: 'Put the files back as they were before the last turn',
  diff: 'Review the changes of the last turn',
  model: 'Choose the model for the next turns',
  approvals: 'Choose Ask, Auto or Full access for the next turns',
  export: 'Save the conversation as Markdown',
  status: 'Show the model, folder, policies and tokens used',
  help: 'List these commands and the keyboard shortcuts',
};

export interface SlashCommand {
  name: SlashCommandName;
  description: string;
  run(): void;
}

/** The word after `/` while the box holds nothing but a slash command being typed, else null. */
export function slashQuery(text: string): string | null {
  const match = /^\/([a-z]*)$/i.exec(text);
  return match ? (match[1] ?? '').toLowerCase() : null;
}

/** The commands whose name fits what is typed: those it begins first, then those that hold it. */
export function matchCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.toLowerCase();
  const starts = commands.filter((command) => command.name.startsWith(q));
  const holds = commands.filter((command) => !command.name.startsWith(q) && command.name.includes(q));
  return [...starts, ...holds];
}

/** The command a whole message names (`/new`, spaces around allowed), or null: Enter then runs it. */
export function commandNamed(commands: readonly SlashCommand[], text: string): SlashCommand | null {
  const match = /^\/([a-z]+)$/i.exec(text.trim());
  if (!match) return null;
  return commands.find((command) => command.name === (match[1] ?? '').toLowerCase()) ?? null;
}

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** What /status says: the session's model, folder, policies and tokens, one fact a line. */
export function statusLines(view: SessionView, folder: string): string[] {
  const config = view.config;
  const lines = [`Model: ${config?.model ?? 'not known yet'}`, `Folder: ${config?.cwd ?? folder}`];
  if (config) {
    lines.push(`Approval policy: ${config.approvalPolicy}`);
    lines.push(`Sandbox: ${config.sandboxPolicy.mode}`);
  }
  const usage = view.tokenInfo?.total_token_usage;
  const window = view.tokenInfo?.model_context_window ?? view.modelContextWindow;
  if (usage) {
    const used = view.tokenInfo?.last_token_usage.total_tokens ?? usage.total_tokens;
    const context = window ? ` (${Math.round((used / window) * 100)}% of the ${thousands(window)}-token context)` : '';
    lines.push(`Tokens: ${thousands(usage.total_tokens)} used in all: ${thousands(usage.input_tokens)} in, ${thousands(usage.output_tokens)} out${context}`);
  } else {
    lines.push('Tokens: none used yet');
  }
  if (config?.rolloutPath) lines.push(`Session file: ${config.rolloutPath}`);
  return lines;
}

/** What /help says: each command and what it does. */
export function helpLines(commands: readonly SlashCommand[]): string[] {
  return [
    ...commands.map((command) => `/${command.name}: ${command.description}`),
    'Type @ to mention a file of the project; paste or drop an image to send it with your message.',
  ];
}
