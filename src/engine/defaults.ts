import { availableParallelism } from 'node:os';

/** DESIGN.md: 4 x CPU count worker actors (oversubscription widens race windows). */
export const defaultWorkers = () => 4 * availableParallelism();
