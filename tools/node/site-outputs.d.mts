export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
export interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { nbgrader?: { solution?: boolean; grade?: boolean } } & Record<string, unknown>;
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec: { name: string; display_name?: string } } & Record<string, unknown>;
}
export interface Comparison {
  compared: number;
  exact: number;
  close: number;
  mismatches: { cell: number; expected: string[]; actual: string[] }[];
  differences: { cell: number; expected: string[]; actual: string[] }[];
}
export function isExerciseCell(cell: Cell): boolean;
/** One string per output (consecutive prints to one stream are one), the text formats of displays. */
export function cellOutputs(cell: Cell): string[];
export function roughly(text: string): string;
export function compareLesson(stored: Notebook, run: Notebook): Comparison;
