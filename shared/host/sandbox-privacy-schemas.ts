import { z } from 'zod';
import { envNameProblem, hiddenPathProblem, MAX_ENV_PASSTHROUGH, MAX_HIDDEN_PATHS } from './sandbox-privacy.js';

/** A folder or file to hide from sandboxed commands: absolute, or `~/…` under the home folder. */
export const HiddenPath = z.string().superRefine((value, ctx) => {
  const problem = hiddenPathProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The name of an environment variable to pass through to commands. */
export const EnvVariableName = z.string().superRefine((value, ctx) => {
  const problem = envNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const HiddenPaths = z.array(HiddenPath).max(MAX_HIDDEN_PATHS, { message: `at most ${MAX_HIDDEN_PATHS} places` });
export const EnvPassthrough = z.array(EnvVariableName).max(MAX_ENV_PASSTHROUGH, { message: `at most ${MAX_ENV_PASSTHROUGH} variables` });
