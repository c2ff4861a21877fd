import path from 'node:path';

export interface UserShell {
  path: string;
  name: 'bash' | 'zsh' | 'sh' | string;
}

/** The person's shell: $SHELL, or bash when a launcher left it unset. */
export function userShell(): UserShell {
  const shellPath = process.env.SHELL || '/bin/bash';
  return { path: shellPath, name: path.basename(shellPath) };
}
