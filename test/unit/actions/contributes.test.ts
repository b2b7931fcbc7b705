import * as assert from 'node:assert/strict';
import { INLINE_COMMANDS } from '../../../src/vscode/inlineCommandIds';
import pkg from '../../../package.json';

interface MenuEntry { command?: string; submenu?: string; when?: string }
const contributes = pkg.contributes as unknown as {
  commands: Array<{ command: string; category: string }>;
  submenus: Array<{ id: string }>;
  menus: Record<string, MenuEntry[]>;
  keybindings: Array<{ command: string; key: string; mac: string; when?: string }>;
};

// First strokes VS Code itself binds (its chord prefixes and the keys of its own AI features).
const VSCODE_FIRST_STROKES = new Set(['ctrl+k', 'cmd+k', 'ctrl+;', 'cmd+;', 'ctrl+i', 'cmd+i', 'ctrl+alt+i', 'ctrl+cmd+i', 'ctrl+.', 'cmd+.', 'ctrl+shift+r', 'ctrl+shift+.', 'ctrl+m']);

describe('the contributions in package.json', () => {
  const contributed = new Set(contributes.commands.map((c) => c.command));

  it('contributes every command the extension registers, under the Mini Coder category', () => {
    for (const id of Object.values(INLINE_COMMANDS)) assert.ok(contributed.has(id), `${id} is not contributed`);
    for (const command of contributes.commands) assert.equal(command.category, 'Mini Coder');
  });

  it('only refers to contributed commands from menus and keybindings', () => {
    const referenced = [
      ...Object.values(contributes.menus).flatMap((entries) => entries.map((e) => e.command).filter((c): c is string => c !== undefined)),
      ...contributes.keybindings.map((k) => k.command),
    ];
    for (const id of referenced) assert.ok(contributed.has(id), `${id} is referenced but not contributed`);
    const submenuIds = new Set(contributes.submenus.map((s) => s.id));
    for (const entry of contributes.menus['editor/context']) assert.ok(entry.submenu === undefined || submenuIds.has(entry.submenu));
  });

  it('binds keys that neither repeat each other nor start with a chord VS Code uses', () => {
    for (const platform of ['key', 'mac'] as const) {
      const keys = contributes.keybindings.map((k) => k[platform]);
      assert.equal(new Set(keys).size, keys.length, `duplicate ${platform} keys`);
      for (const key of keys) assert.ok(!VSCODE_FIRST_STROKES.has(key.split(' ')[0]), `${key} starts with a VS Code chord`);
    }
  });

  it('offers accept, reject and refine only while a proposal is pending', () => {
    const pendingOnly = [INLINE_COMMANDS.acceptRefactor, INLINE_COMMANDS.rejectRefactor, INLINE_COMMANDS.refineRefactor] as string[];
    for (const entry of [...contributes.menus.commandPalette, ...contributes.menus['editor/title'], ...contributes.keybindings]) {
      if (entry.command && pendingOnly.includes(entry.command)) assert.match(entry.when ?? '', /miniCoder\.inlineProposalPending/);
    }
  });
});
