// The exit codes, from a run's status. Only src/cli.ts ends the process with one.
export const EXIT = { pass: 0, fail: 1, error: 2, interrupted: 130 } as const;
