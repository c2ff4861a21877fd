import { childProcessLauncher } from '../host-child.js';
import type { AgentMessage } from '../host-protocol.js';
import { useExecHostLauncher } from '../index.js';

export type ProgramRequest = Extract<AgentMessage, { type: 'program' }>;

/**
 * Starts this test file's exec host as a plain child process and records every program the agent hands it (Tandem's
 * own git, say) as it goes. Returns the list it fills; a test may empty it.
 */
export function recordProgramsStarted(): ProgramRequest[] {
  const programs: ProgramRequest[] = [];
  useExecHostLauncher((script, events) => {
    const transport = childProcessLauncher(script, events);
    return {
      get pid() {
        return transport.pid;
      },
      send(message) {
        if (message.type === 'program') programs.push(message);
        transport.send(message);
      },
      kill: () => transport.kill(),
      keepAlive: (keep) => transport.keepAlive(keep),
    };
  });
  return programs;
}
