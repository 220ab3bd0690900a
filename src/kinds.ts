// The finding kinds: a module of its own because both the settings table
// (--fail-on) and the result types name them, and neither may import the other's
// dependents.
export type FindingKind = 'corruption' | 'deadlock' | 'starvation' | 'error';
export const FINDING_KINDS: readonly FindingKind[] = ['corruption', 'deadlock', 'starvation', 'error'];
