/** Makes tools print plain text and never wait in a pager: nobody is at a terminal to page. */
const PLAIN_OUTPUT: Record<string, string> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
};

/**
 * Words that mark a variable as a credential, wherever they stand in its name (AWS_SECRET_ACCESS_KEY,
 * GITHUB_TOKEN, PGPASSWORD, OPENAI_API_KEY). Codex's default excludes are *KEY*, *SECRET* and *TOKEN*;
 * passwords and credentials join them.
 */
const SECRET_NAME_WORDS = ['KEY', 'SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'CREDENTIAL'];

/**
 * Variables that point at a socket or a server of the person's desktop session: an ssh or gpg agent,
 * the session bus, the display, docker. Unsandboxed (approved) commands keep them, so an approved
 * `git push` can use the ssh agent; inside the sandbox the sockets are hidden and the names go too.
 */
const SESSION_SOCKET_VARIABLES = new Set([
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'GPG_AGENT_INFO',
  'DBUS_SESSION_BUS_ADDRESS',
  'DBUS_SYSTEM_BUS_ADDRESS',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XAUTHORITY',
  'DOCKER_HOST',
  'CONTAINER_HOST',
  'PULSE_SERVER',
  'SWAYSOCK',
  'I3SOCK',
  'HYPRLAND_INSTANCE_SIGNATURE',
  'KRB5CCNAME',
]);

/** Whether a variable's name says it holds a credential. */
export function looksLikeCredential(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME_WORDS.some((word) => upper.includes(word));
}

/** Credentials (by name) and Tandem's own settings: never in a command's environment unless passed through by name. */
export function isSecretVariable(name: string): boolean {
  return name.toUpperCase().startsWith('TANDEM_') || looksLikeCredential(name);
}

export interface CommandEnvironmentOptions {
  /** Names the person chose in Settings to pass through although they look secret. */
  passthrough?: readonly string[] | undefined;
}

/** The environment every command gets: the login environment, minus secrets, plus plain output. */
export function commandEnvironment(loginEnv: Record<string, string>, options: CommandEnvironmentOptions = {}): Record<string, string> {
  const passthrough = new Set(options.passthrough ?? []);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(loginEnv)) {
    if (passthrough.has(name) || !isSecretVariable(name)) env[name] = value;
  }
  return Object.assign(env, PLAIN_OUTPUT);
}

/** The same for a sandboxed command: the desktop session's socket addresses go too. */
export function sandboxedEnvironment(env: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (!SESSION_SOCKET_VARIABLES.has(name)) kept[name] = value;
  return kept;
}
