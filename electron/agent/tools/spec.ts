/** Tool definitions as the Responses API takes them in `tools`. */
export type FunctionToolSpec = {
  type: 'function';
  name: string;
  description: string;
  strict: false;
  parameters: Record<string, unknown>;
};
export type CustomToolSpec = {
  type: 'custom';
  name: string;
  description: string;
  format: { type: 'grammar'; syntax: 'lark'; definition: string } | { type: 'text' };
};
export type ToolSpec = FunctionToolSpec | CustomToolSpec;

export function shellCommandSpec(options: { canEscalate: boolean }): FunctionToolSpec {
  const properties: Record<string, unknown> = {
    command: { type: 'string', description: 'The shell script to run in the user\'s default shell.' },
    workdir: { type: 'string', description: 'The folder to run it in; defaults to the project folder.' },
    timeout_ms: { type: 'number', description: 'Time limit in milliseconds; defaults to 10000.' },
  };
  if (options.canEscalate) {
    properties.with_escalated_permissions = {
      type: 'boolean',
      description: 'Ask the user to run this command outside the sandbox (for example to reach the network or write outside the project).',
    };
    properties.justification = {
      type: 'string',
      description: 'With with_escalated_permissions: one sentence, shown to the user, on why the command needs it.',
    };
  }
  return {
    type: 'function',
    name: 'shell_command',
    description: 'Runs a shell command and returns its output. Prefer rg for searching. Always set workdir rather than using cd.',
    strict: false,
    parameters: { type: 'object', properties, required: ['command'], additionalProperties: false },
  };
}

export const updatePlanSpec: FunctionToolSpec = {
  type: 'function',
  name: 'update_plan',
  description:
    'Keeps the user informed of your plan for the task: a short list of steps, each pending, in_progress or completed, with at most one in_progress. Call it again as steps are done.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: 'string' },
      plan: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            step: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
          },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
};
