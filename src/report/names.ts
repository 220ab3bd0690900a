// Reporter names: a module of its own so the CLI can check flags and config
// without loading the reporters (chalk, cli-table3).
export type ReporterName = 'default' | 'verbose' | 'json' | 'junit' | 'github-actions';
export const REPORTER_NAMES: readonly ReporterName[] = ['default', 'verbose', 'json', 'junit', 'github-actions'];

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}
