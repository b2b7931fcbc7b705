// A throwaway copy of the sample project in test/e2e/workspace, opened as the workbench's folder, so tests
// may edit files freely.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const template = path.resolve(__dirname, '..', 'workspace');

export interface TestWorkspace {
  folder: string;
  file(relative: string): string;
  read(relative: string): string;
  write(relative: string, content: string): void;
  remove(): void;
}

export function createWorkspace(): TestWorkspace {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mini-coder-workspace-'));
  fs.cpSync(template, folder, { recursive: true });
  const file = (relative: string): string => path.join(folder, relative);
  return {
    folder,
    file,
    read: (relative) => fs.readFileSync(file(relative), 'utf8'),
    write: (relative, content) => {
      fs.mkdirSync(path.dirname(file(relative)), { recursive: true });
      fs.writeFileSync(file(relative), content);
    },
    remove: () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}
