// What the extension's package.json contributes, read when the tests run so they grow with it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

interface Manifest {
  contributes?: {
    commands?: CommandContribution[];
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
  };
}

const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** Palette titles (`Category: Title`) of the contributed commands the palette always shows. */
export function paletteTitles(): string[] {
  const contributes = manifest().contributes ?? {};
  // A palette `when` clause makes visibility depend on context (or hides it outright): not always shown.
  const conditional = new Set((contributes.menus?.commandPalette ?? []).filter((m) => m.when !== undefined).map((m) => m.command));
  return (contributes.commands ?? [])
    .filter((c) => !conditional.has(c.command))
    .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
}
