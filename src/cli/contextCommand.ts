import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { inputLimit } from '../core/context/budget';
import { gatherFsSources } from '../core/context/fsSources';
import { packContext } from '../core/context/pack';
import { gatherInstructions } from '../core/context/projectInstructions';
import { FsWorkspace } from '../core/fsWorkspace';
import { secretFilter } from '../core/trust/secretFiles';
import type { ContextReport, PackResult } from '../core/context/types';
import { EXIT, numberFlag, UsageError, type CliIO } from './io';

const CONTEXT_USAGE = `Usage: mini-coder context --workspace DIR [options]

Shows what editor context would be sent with a message: each item, its tokens (o200k_base), the total,
and what was cut or left out.

  --workspace DIR        The workspace folder (default: current directory)
  --file F               The active file
  --selection L1-L2      Selected lines of --file (1-based, inclusive)
  --open F               Another open editor (repeatable)
  --mention PATH         A mentioned file or folder, @changes (git diff) or symbol:Name (repeatable)
  --exclude GLOB         Never send files matching GLOB (repeatable)
  --allow PATH           Send PATH even though it looks like a secret (repeatable)
  --budget N             Context budget in tokens (default: the model's input limit, ${inputLimit().toLocaleString('en-US')})
  --no-outline           Leave out the workspace outline
  --no-instructions      Leave out the project instructions (AGENTS.md, Copilot instruction files)
  --json                 Print the report and the exact text as JSON`;

/** `mini-coder context`: prints what would be sent, using the same packer as the chat. */
export async function runContext(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv[0] === 'context' ? argv.slice(1) : argv,
    options: {
      workspace: { type: 'string' },
      file: { type: 'string' },
      selection: { type: 'string' },
      open: { type: 'string', multiple: true },
      mention: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      allow: { type: 'string', multiple: true },
      budget: { type: 'string' },
      'no-outline': { type: 'boolean' },
      'no-instructions': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${CONTEXT_USAGE}\n`);
    return EXIT.ok;
  }
  const root = path.resolve(values.workspace ?? process.cwd());
  if (!(await fs.stat(root).catch(() => undefined))?.isDirectory()) {
    io.stderr.write(`mini-coder: workspace "${root}" is not a folder\n`);
    return EXIT.failure;
  }
  const selection = parseSelection(values.selection);
  if (selection && !values.file) throw new UsageError('--selection needs --file (the file the lines belong to)');
  const budget = numberFlag('budget', values.budget, { integer: true, min: 0 }) ?? inputLimit();

  const sources = await gatherFsSources({
    root,
    activeFile: values.file,
    selection,
    openFiles: values.open,
    mentions: values.mention,
    exclude: values.exclude,
    allow: values.allow,
    outline: !values['no-outline'],
    budgetTokens: budget,
  });
  if (!values['no-instructions']) {
    const files = [values.file, ...(values.open ?? []), ...(values.mention ?? [])].filter((f): f is string => typeof f === 'string');
    const skip = secretFilter({ exclude: values.exclude, allow: values.allow });
    sources.unshift(...(await gatherInstructions(new FsWorkspace(root), { files, skip })));
  }
  const packed = await packContext(sources, budget);
  io.stdout.write(values.json ? `${JSON.stringify(asJson(root, packed), null, 2)}\n` : formatReport(root, packed.report));
  return EXIT.ok;
}

function parseSelection(value: string | undefined): { startLine: number; endLine: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  const startLine = m ? Number(m[1]) : NaN;
  const endLine = m?.[2] ? Number(m[2]) : startLine;
  if (!m || startLine < 1 || endLine < startLine) throw new UsageError(`--selection must look like 10-20 (1-based lines, start <= end), got "${value}"`);
  return { startLine, endLine };
}

function asJson(root: string, packed: PackResult): unknown {
  return { workspace: root, report: packed.report, items: packed.items, volatileText: packed.volatileText };
}

const WHERE: Record<string, string> = { stable: 'stable', volatile: 'message', earlier: 'earlier', none: 'not sent' };

/** The report as a table a person reads in a terminal. */
export function formatReport(root: string, report: ContextReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rows = report.items.map((item) => {
    const detail = item.omitted ?? item.note;
    const tokens = item.placement === 'none' ? '-' : n(item.tokens);
    return `${tokens.padStart(9)}  ${WHERE[item.placement].padEnd(8)}  ${item.label}${item.truncated ? ' [cut]' : ''}${detail ? `  (${detail})` : ''}`;
  });
  const cut = report.items.filter((i) => i.truncated).length;
  const left = report.items.filter((i) => i.placement === 'none').length;
  return [
    `Context for ${root} (budget ${n(report.budgetTokens)} tokens, o200k_base)`,
    '',
    `${'tokens'.padStart(9)}  ${'where'.padEnd(8)}  item`,
    ...rows,
    '',
    `Total ${n(report.totalTokens)} of ${n(report.budgetTokens)} tokens (stable ${n(report.stableTokens)}, message ${n(report.volatileTokens)}); ${cut} cut, ${left} not sent.`,
    '',
  ].join('\n');
}
