// Types of module-graph.mjs for the tests that import it (test/unit/layers.test.ts).
export interface FolderGraph {
  edges: Map<string, Map<string, number>>;
  nodes: Set<string>;
}
export function folderGraph(src: string): FolderGraph;
export function cycles(graph: FolderGraph): string[][];
