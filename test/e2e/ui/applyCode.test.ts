// Code blocks from an answer into the workspace: Apply merges a block where it belongs (through the diff
// review), asks the model in a small separate request when that is not certain, shell blocks go to the
// terminal without running, and Insert at cursor keeps lines whole.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { textTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, diffEditorShowing, openNewChat, setApiKey, waitForAnswerStatus, waitForDisk } from './steps';

const cart = `import type { Item } from './types';

export const TAX_RATE = 0.2;

/** The cart's total in cents, tax included. */
export function cartTotal(lines: Array<{ item: Item; quantity: number }>): number {
  let total = 0;
  for (const line of lines) total += line.item.priceCents * line.quantity;
  return Math.round(total * (1 + TAX_RATE));
}

export function describeCart(lines: Array<{ item: Item; quantity: number }>): string {
  return \`\${lines.length} lines, \${cartTotal(lines)} cents\`;
}
`;
const oldTotal = `export function cartTotal(lines: Array<{ item: Item; quantity: number }>): number {
  let total = 0;
  for (const line of lines) total += line.item.priceCents * line.quantity;
  return Math.round(total * (1 + TAX_RATE));
}`;
const newTotal = `export function cartTotal(lines: Array<{ item: Item; quantity: number }>): number {
  const subtotal = lines.reduce((sum, line) => sum + line.item.priceCents * line.quantity, 0);
  return Math.round(subtotal * (1 + TAX_RATE));
}`;

/** A fresh workbench whose chat answered with one bash block holding `commands`; that block. */
async function answeredWithShellBlock(commands: string) {
  const { responses } = session();
  const { workbench, workspace } = await session().workbenchOnFreshCopy();
  await setApiKey(workbench, validApiKey);
  const chat = await openNewChat(workbench);
  responses.enqueue(textTurn(`Run this:\n\n\`\`\`bash\n${commands}\n\`\`\`\n`));
  await ask(chat, 'How do I make the markers?');
  const block = (await waitForAnswerStatus(chat, 'done', 60_000)).locator('.code-block');
  return { workbench, workspace, block };
}

describe('code blocks into the workspace', () => {
  it('applies a block naming a file by replacing only the function it rewrites, through the diff review', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    workspace.write('src/cart.ts', cart);
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    responses.enqueue(textTurn(`Use reduce:\n\n\`\`\`ts path=src/cart.ts\n${newTotal}\n\`\`\`\n`));
    await ask(chat, 'Simplify cartTotal');
    const answer = await waitForAnswerStatus(chat, 'done', 60_000);
    const requestsBefore = responses.requests.length;
    await answer.locator('.code-block [aria-label="Apply code to src/cart.ts"]').click();

    const card = answer.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 15_000 });
    const diff = diffEditorShowing(workbench, 'mini-coder-proposed');
    await diff.locator('.view-lines', { hasText: 'export function describeCart' }).waitFor({ timeout: 15_000 });
    assert.equal(responses.requests.length, requestsBefore, 'placing it by name needed no model request');
    assert.match((await card.textContent()) ?? '', /\+2\s*−3/, 'two lines in, three out: the other declarations stay');
    await card.getByRole('button', { name: 'Accept edit' }).click();
    await waitForDisk(workspace, 'src/cart.ts', cart.replace(oldTotal, newTotal));
  });

  it('asks the model in a separate request, shown with its cost, when the block\'s place is not certain', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    workspace.write('src/cart.ts', cart);
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    const discount = 'export function discounted(total: number, percent: number): number {\n  return Math.round(total * (1 - percent / 100));\n}';
    responses.enqueue(textTurn(`Add this:\n\n\`\`\`ts path=src/cart.ts\n${discount}\n\`\`\`\n`));
    await ask(chat, 'Add a discount helper');
    const answer = await waitForAnswerStatus(chat, 'done', 60_000);

    const patch = `*** Begin Patch\n*** Update File: src/cart.ts\n@@ export function cartTotal(lines: Array<{ item: Item; quantity: number }>): number {\n   return Math.round(total * (1 + TAX_RATE));\n }\n+\n+${discount.split('\n').join('\n+')}\n*** End Patch`;
    responses.enqueue(textTurn(patch, { usage: { input: 640, output: 120 } }));
    const requestsBefore = responses.requests.length;
    await answer.locator('.code-block [aria-label="Apply code to src/cart.ts"]').click();

    const side = answer.locator('.side-request[data-status="done"]');
    await side.waitFor({ timeout: 20_000 });
    assert.match((await side.textContent()) ?? '', /Asked the model where the block goes in src\/cart\.ts/);
    assert.match((await side.textContent()) ?? '', /Separate request · 640 in · 120 out · \$/, 'its tokens and cost are shown');
    const asked = responses.requests[requestsBefore]?.body ?? {};
    assert.equal(asked.tools, undefined, 'no tools in the side request');
    assert.equal((asked.reasoning as { effort?: string } | undefined)?.effort, 'low');
    assert.ok(JSON.stringify(asked.input).includes('export function describeCart'), 'the file went with it');

    const card = answer.locator('.edit-card[data-status="pending"]');
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: 'Accept edit' }).click();
    await waitForDisk(workspace, 'src/cart.ts', cart.replace(`${oldTotal}\n`, `${oldTotal}\n\n${discount}\n`));
  });

  it('puts a shell block into the terminal without running it, and offers no Apply for it', async function () {
    this.timeout(150_000);
    const { workbench, workspace, block } = await answeredWithShellBlock('echo one > marker-one.txt\necho two > marker-two.txt');
    assert.equal(await block.locator('[data-action="apply-code"]').count(), 0, 'no Apply on a shell block');
    assert.equal(await block.locator('[data-action="insert-code"]').count(), 0, 'no Insert at cursor either');
    await block.locator('[aria-label="Insert into terminal (not run)"]').click();

    const terminal = workbench.page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor({ timeout: 20_000 });
    await workbench.page.waitForTimeout(3_000);
    assert.equal(fs.existsSync(workspace.file('marker-one.txt')), false, 'nothing ran');
    assert.equal(fs.existsSync(workspace.file('marker-two.txt')), false, 'nothing ran');
    // The commands wait at the prompt: Enter in the terminal runs both.
    await terminal.click();
    await workbench.page.keyboard.press('Enter');
    const deadline = Date.now() + 10_000;
    while (!(fs.existsSync(workspace.file('marker-one.txt')) && fs.existsSync(workspace.file('marker-two.txt'))) && Date.now() < deadline) await workbench.page.waitForTimeout(200);
    assert.equal(workspace.read('marker-one.txt'), 'one\n');
    assert.equal(workspace.read('marker-two.txt'), 'two\n');
    await workbench.runCommand('Terminal: Kill All Terminals');
  });

  it('runs a shell block from Run in terminal only once the user says so in the command approval', async function () {
    this.timeout(150_000);
    const { workbench, workspace, block } = await answeredWithShellBlock('echo ran > ran-marker.txt');
    const dialog = workbench.page.locator('.monaco-dialog-box');

    // Refused: the dialog's Cancel runs nothing.
    await block.locator('[data-action="run-terminal"]').click();
    await dialog.waitFor({ timeout: 20_000 });
    assert.match(await dialog.innerText(), /Run echo ran > ran-marker\.txt[\s\S]*not among your allowed commands/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await workbench.page.waitForTimeout(2_000);
    assert.equal(fs.existsSync(workspace.file('ran-marker.txt')), false, 'nothing ran after Cancel');

    // Allowed once: it runs in a terminal the user sees.
    await block.locator('[data-action="run-terminal"]').click();
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Run Once' }).click();
    await workbench.page.locator('.terminal-wrapper.active .xterm').waitFor({ timeout: 20_000 });
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(workspace.file('ran-marker.txt')) && Date.now() < deadline) await workbench.page.waitForTimeout(200);
    await waitForDisk(workspace, 'ran-marker.txt', 'ran\n');
    await workbench.runCommand('Terminal: Kill All Terminals');
  });

  it('inserts a block at the cursor on lines of its own, at the cursor\'s indentation', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const { workbench, workspace } = await session().workbenchOnFreshCopy();
    await setApiKey(workbench, validApiKey);
    await workbench.openFile('src/math.ts');
    const chat = await openNewChat(workbench);
    responses.enqueue(textTurn('```ts\nif (values.length === 0) {\n  return 0;\n}\n```'));
    await ask(chat, 'Guard against an empty list');
    const block = (await waitForAnswerStatus(chat, 'done', 60_000)).locator('.code-block');
    // The cursor after the indentation of "  let total = 0;".
    await workbench.runCommand('Go to Line/Column...');
    await workbench.answerInput(':2:3');
    await block.locator('[aria-label="Insert code at cursor"]').click();
    await workbench.page.locator('.editor-instance .view-lines', { hasText: 'values.length === 0' }).first().waitFor({ timeout: 10_000 });
    await workbench.runCommand('File: Save');
    await waitForDisk(
      workspace,
      'src/math.ts',
      'export function average(values: number[]): number {\n  if (values.length === 0) {\n    return 0;\n  }\n  let total = 0;\n  for (const value of values) total += value;\n  return total / values.length;\n}\n',
    );
  });
});
