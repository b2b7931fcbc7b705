/**
 * The workspace as one line per folder listing its files, shallow folders first, so cutting the text
 * at a line boundary drops the deepest folders and keeps the shape of the project.
 */
export function formatOutline(files: readonly string[], options: { stoppedAt?: number } = {}): string {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '' : file.slice(0, slash);
    let names = byFolder.get(folder);
    if (!names) byFolder.set(folder, (names = []));
    names.push(file.slice(slash + 1));
  }
  const depth = (folder: string) => (folder === '' ? 0 : folder.split('/').length);
  const folders = [...byFolder.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const lines = folders.map((folder) => `${folder === '' ? '.' : folder}/: ${byFolder.get(folder)!.sort().join(', ')}`);
  if (options.stoppedAt) lines.push(`(listing stopped at ${options.stoppedAt} files)`);
  return `${lines.join('\n')}\n`;
}
