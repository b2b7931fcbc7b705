// Measurements taken inside the extension host (activation time, ...) go to the file named by
// MINI_CODER_E2E_FIGURES, one JSON object a line, for `npm run bench` and the runner to report.
import * as fs from 'node:fs';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function recordFigure(figure: Figure): void {
  console.log(`figure ${figure.name}: ${figure.value} ${figure.unit}${figure.note ? ` (${figure.note})` : ''}`);
  const file = process.env.MINI_CODER_E2E_FIGURES;
  if (file) fs.appendFileSync(file, JSON.stringify(figure) + '\n');
}
