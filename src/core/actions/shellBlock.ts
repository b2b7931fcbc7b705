// Code blocks that hold shell commands: they are run or typed into a terminal, never applied to a file.

/** Fence languages whose blocks are commands for a shell rather than code for a file. */
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'zsh', 'fish', 'shell', 'console', 'shellsession', 'terminal', 'powershell', 'ps1', 'pwsh', 'cmd', 'bat', 'batch']);

/** Whether a code block's language marks it as shell commands. */
export function isShellLanguage(language: string | undefined): boolean {
  return language !== undefined && SHELL_LANGUAGES.has(language.toLowerCase());
}

/** The commands of a shell block; in a console transcript (`$ cmd` or `% cmd` lines mixed with output) only the commands. */
export function commandsOf(code: string): string {
  const lines = code.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const prompted = lines.filter((line) => /^\s*[$%] /.test(line));
  const commands = prompted.length > 0 ? prompted.map((line) => line.replace(/^\s*[$%] /, '')) : lines;
  return commands.join('\n').trim();
}
