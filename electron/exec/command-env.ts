/** Makes tools print plain text and never wait in a pager: nobody is at a terminal to page. */
const PLAIN_OUTPUT: Record<string, string> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
};

/** Credentials the agent holds (OPENAI_API_KEY and its kin) and Tandem's own settings stay out of commands. */
export function isAgentSecret(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.endsWith('_API_KEY') || upper.startsWith('TANDEM_');
}

/** The environment every command gets: the login environment, minus the agent's secrets, plus plain output. */
export function commandEnvironment(loginEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(loginEnv)) if (!isAgentSecret(name)) env[name] = value;
  return Object.assign(env, PLAIN_OUTPUT);
}
