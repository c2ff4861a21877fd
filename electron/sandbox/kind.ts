/** Which sandbox wraps commands on this machine; 'none' means commands run unsandboxed. */
export type SandboxKind = 'bwrap' | 'seatbelt' | 'none';

/** Apple's own binary only: one found on PATH could be anyone's. */
export const SEATBELT_EXECUTABLE = '/usr/bin/sandbox-exec';
