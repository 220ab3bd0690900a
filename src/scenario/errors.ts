// Errors that end a run with exit code 2: the user's input is wrong, not the
// code under test. The message is one line naming the file and the field.

export class UsageError extends Error {
  override name = 'UsageError';
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    readonly file: string,
    readonly detail: string,
    /** The scenario's own error behind this one (shown with --verbose). */
    readonly causeStack?: string,
  ) {
    super(`${file}: ${detail}`);
  }
}
