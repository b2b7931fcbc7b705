import assert from 'node:assert/strict';
import { placeSnippet, type SnippetPlacement } from '../../../src/core/actions/placeSnippet';

const cart = `import { formatCents } from './money';
import type { Item } from './types';

/** A line of the cart: an item and how many of it. */
export interface CartLine {
  item: Item;
  quantity: number;
}

export const TAX_RATE = 0.2;

/**
 * The cart's total in cents, tax included.
 */
export function cartTotal(lines: CartLine[]): number {
  let total = 0;
  for (const line of lines) {
    total += line.item.priceCents * line.quantity;
  }
  return Math.round(total * (1 + TAX_RATE));
}

export function describeCart(lines: CartLine[]): string {
  const count = lines.reduce((n, line) => n + line.quantity, 0);
  return \`\${count} items, \${formatCents(cartTotal(lines))}\`;
}

export class Cart {
  private readonly lines: CartLine[] = [];

  add(item: Item, quantity = 1): void {
    const existing = this.lines.find((line) => line.item.id === item.id);
    if (existing) existing.quantity += quantity;
    else this.lines.push({ item, quantity });
  }

  remove(id: string): void {
    const at = this.lines.findIndex((line) => line.item.id === id);
    if (at >= 0) this.lines.splice(at, 1);
  }

  get total(): number {
    return cartTotal(this.lines);
  }
}
`;

function placed(result: SnippetPlacement): { text: string; steps: string[] } {
  if (!result.ok) assert.fail(`expected a placement, got a refusal: ${result.reason}`);
  return result;
}

/** The file with `from` replaced once by `to`, failing when `from` is not there. */
function edited(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the sample holds ${JSON.stringify(from.slice(0, 40))}`);
  return text.replace(from, to);
}

const cartTotalRewrite = `export function cartTotal(lines: CartLine[]): number {
  const subtotal = lines.reduce((sum, line) => sum + line.item.priceCents * line.quantity, 0);
  return Math.round(subtotal * (1 + TAX_RATE));
}`;

describe('placing a code block in a TypeScript file', () => {
  it('replaces only the function the block redefines, keeping its doc comment and every other declaration', () => {
    const result = placed(placeSnippet(cart, cartTotalRewrite, 'ts'));
    const oldBody = cart.slice(cart.indexOf('export function cartTotal'), cart.indexOf('\n}\n', cart.indexOf('export function cartTotal')) + 2);
    assert.equal(result.text, edited(cart, oldBody, cartTotalRewrite));
    assert.deepEqual(result.steps, ['replaced function cartTotal']);
    assert.ok(result.text.includes(' * The cart\'s total in cents, tax included.'));
  });

  it('puts a new helper next to the function it came with', () => {
    const snippet = `function subtotalOf(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.item.priceCents * line.quantity, 0);
}

export function cartTotal(lines: CartLine[]): number {
  return Math.round(subtotalOf(lines) * (1 + TAX_RATE));
}`;
    const result = placed(placeSnippet(cart, snippet, 'typescript'));
    assert.deepEqual(result.steps.sort(), ['added function subtotalOf', 'replaced function cartTotal']);
    const helper = result.text.indexOf('function subtotalOf');
    const total = result.text.indexOf('export function cartTotal');
    const docComment = result.text.indexOf('/**\n * The cart');
    assert.ok(helper > 0 && helper < docComment && docComment < total, 'the helper goes before cartTotal and its doc comment');
    assert.ok(result.text.includes('export function describeCart'), 'other functions stay');
    assert.ok(result.text.includes('export class Cart'), 'the class stays');
  });

  it('merges a class shown in part: one method replaced, a new one added, the rest kept', () => {
    const snippet = `export class Cart {
  // ... existing code ...

  remove(id: string): boolean {
    const at = this.lines.findIndex((line) => line.item.id === id);
    if (at < 0) return false;
    this.lines.splice(at, 1);
    return true;
  }

  clear(): void {
    this.lines.length = 0;
  }
}`;
    const result = placed(placeSnippet(cart, snippet, 'ts'));
    assert.deepEqual(result.steps, ['replaced method Cart.remove', 'added method Cart.clear']);
    assert.ok(result.text.includes('  add(item: Item, quantity = 1): void {'), 'add() is kept');
    assert.ok(result.text.includes('  get total(): number {'), 'the getter is kept');
    assert.ok(result.text.includes('    if (at < 0) return false;'));
    assert.ok(result.text.indexOf('  clear(): void {') > result.text.indexOf('  remove(id: string): boolean {'));
    assert.ok(result.text.indexOf('  clear(): void {') < result.text.indexOf('  get total()'), 'the new method follows the one it came after');
    assert.ok(!result.text.includes('existing code'), 'the marker is not copied');
  });

  it('replaces a method given on its own, re-indented into its class', () => {
    const snippet = `remove(id: string): void {
  this.lines.splice(0, this.lines.length, ...this.lines.filter((line) => line.item.id !== id));
}`;
    const result = placed(placeSnippet(cart, snippet, 'ts'));
    assert.deepEqual(result.steps, ['replaced method Cart.remove']);
    assert.ok(result.text.includes('  remove(id: string): void {\n    this.lines.splice(0, this.lines.length,'));
  });

  it('adds a missing import and joins names into an import from the same module', () => {
    const snippet = `import { formatCents, parseCents } from './money';
import { clamp } from './math';

export function describeCart(lines: CartLine[]): string {
  return formatCents(clamp(cartTotal(lines), 0, parseCents('1000.00')));
}`;
    const result = placed(placeSnippet(cart, snippet, 'ts'));
    assert.ok(result.text.startsWith("import { formatCents, parseCents } from './money';\nimport type { Item } from './types';\nimport { clamp } from './math';\n"));
    assert.deepEqual(result.steps, ['replaced function describeCart', "added to the import from ./money", 'added the import from ./math']);
  });

  it('keeps CRLF line endings and a missing final newline', () => {
    const crlf = cart.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const result = placed(placeSnippet(crlf, cartTotalRewrite, 'ts'));
    assert.ok(!/[^\r]\n/.test(result.text), 'every line break is CRLF');
    assert.ok(result.text.endsWith('}'), 'no final newline added');
    assert.ok(result.text.includes('const subtotal = lines.reduce('));
  });

  it('converts the block to the file\'s tab indentation', () => {
    const tabbed = cart.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    const result = placed(placeSnippet(tabbed, cartTotalRewrite, 'ts'));
    assert.ok(result.text.includes('export function cartTotal(lines: CartLine[]): number {\n\tconst subtotal'));
  });

  it('treats TypeScript overloads as one declaration', () => {
    const file = `export function parse(text: string): number;
export function parse(text: string, radix: number): number;
export function parse(text: string, radix = 10): number {
  return Number.parseInt(text, radix);
}

export function twice(n: number): number {
  return n * 2;
}
`;
    const snippet = `export function parse(text: string, radix = 10): number {
  const value = Number.parseInt(text, radix);
  if (Number.isNaN(value)) throw new Error(\`not a number: \${text}\`);
  return value;
}`;
    const result = placed(placeSnippet(file, snippet, 'ts'));
    assert.equal(result.text, `${snippet}\n\nexport function twice(n: number): number {\n  return n * 2;\n}\n`);
  });

  it('replaces an arrow function constant and a type alias by name', () => {
    const file = `type Money = number;

export const toCents = (value: number): Money =>
  Math.round(value * 100);

export const fromCents = (cents: Money): number => cents / 100;
`;
    const snippet = `type Money = bigint;

export const toCents = (value: number): Money => BigInt(Math.round(value * 100));`;
    const result = placed(placeSnippet(file, snippet, 'ts'));
    assert.equal(result.text, `type Money = bigint;\n\nexport const toCents = (value: number): Money => BigInt(Math.round(value * 100));\n\nexport const fromCents = (cents: Money): number => cents / 100;\n`);
  });

  it('is not fooled by braces inside strings, template literals, regexes and comments', () => {
    const file = `export function braces(text: string): number {
  const open = '{'; // one {
  const pattern = /[{}]/g;
  /* } } */
  return \`\${text}}\`.match(pattern)?.length ?? 0;
}

export function after(): string {
  return "}";
}
`;
    const snippet = `export function after(): string {
  return '{';
}`;
    const result = placed(placeSnippet(file, snippet, 'ts'));
    assert.equal(result.text, edited(file, 'export function after(): string {\n  return "}";\n}', snippet));
  });

  it('says so when the file already holds the block', () => {
    const result = placed(placeSnippet(cart, cart.slice(cart.indexOf('export function describeCart'), cart.indexOf('export class Cart')), 'ts'));
    assert.equal(result.text, cart);
    assert.deepEqual(result.steps, []);
  });

  it('refuses a block whose declarations are all new: where they go is not certain', () => {
    const result = placeSnippet(cart, 'export function discount(total: number): number {\n  return total * 0.9;\n}', 'ts');
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /nothing the block declares \(discount\) is in the file yet/);
  });

  it('refuses a block that mixes statements with declarations', () => {
    const result = placeSnippet(cart, `${cartTotalRewrite}\n\nconsole.log(cartTotal([]));`, 'ts');
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /line 6 of the block \("console\.log\(cartTotal\(\[\]\)\);"\) is not part of a declaration/);
  });

  it('refuses a name the file declares twice', () => {
    const file = 'namespace A {\n  export const x = 1;\n}\nfunction dup(): void {}\nfunction other(): void {}\nfunction dup(): void {}\n';
    const result = placeSnippet(file, 'function dup(): void {\n  return;\n}', 'ts');
    assert.equal(result.ok, false);
  });

  it('places a fragment of statements by its first and last lines', () => {
    const fragment = `  for (const line of lines) {
    if (line.quantity <= 0) continue;
    total += line.item.priceCents * line.quantity;
  }`;
    const result = placed(placeSnippet(cart, fragment, 'ts'));
    assert.equal(result.text, edited(cart, '  for (const line of lines) {\n    total += line.item.priceCents * line.quantity;\n  }', fragment));
  });

  it('refuses a fragment whose first line is not found once', () => {
    assert.equal(placeSnippet(cart, '  return total;\n}', 'ts').ok, false);
  });
});

const inventory = `"""Stock levels for the shop."""
from dataclasses import dataclass, field
from typing import Dict

LOW_STOCK = 3


@dataclass
class Inventory:
    """Counts per product id."""

    counts: Dict[str, int] = field(default_factory=dict)

    def add(self, product: str, amount: int = 1) -> None:
        self.counts[product] = self.counts.get(product, 0) + amount

    def take(self, product: str, amount: int = 1) -> bool:
        """Removes stock; False when there is not enough."""
        have = self.counts.get(product, 0)
        if have < amount:
            return False
        self.counts[product] = have - amount
        return True

    def low(self) -> list[str]:
        return [p for p, n in self.counts.items() if n <= LOW_STOCK]


def restock_message(items: list[str]) -> str:
    text = """Please restock:
%s
"""
    return text % "\\n".join(items)
`;

describe('placing a code block in a Python file', () => {
  it('replaces a method given without its class, indented into the class, keeping its docstring line', () => {
    const snippet = `def take(self, product: str, amount: int = 1) -> bool:
    """Removes stock; False when there is not enough."""
    have = self.counts.get(product, 0)
    if amount <= 0 or have < amount:
        return False
    self.counts[product] = have - amount
    return True`;
    const result = placed(placeSnippet(inventory, snippet, 'python'));
    assert.deepEqual(result.steps, ['replaced method Inventory.take']);
    assert.equal(result.text, edited(inventory, '        if have < amount:', '        if amount <= 0 or have < amount:'));
  });

  it('merges a class shown in part and adds a method after the one it follows', () => {
    const snippet = `class Inventory:
    # ... existing code ...

    def low(self, limit: int = LOW_STOCK) -> list[str]:
        return sorted(p for p, n in self.counts.items() if n <= limit)

    def total(self) -> int:
        return sum(self.counts.values())`;
    const result = placed(placeSnippet(inventory, snippet, 'py'));
    assert.deepEqual(result.steps, ['replaced method Inventory.low', 'added method Inventory.total']);
    assert.ok(result.text.includes('    def total(self) -> int:\n        return sum(self.counts.values())\n\n\ndef restock_message'));
    assert.ok(result.text.includes('@dataclass\nclass Inventory:'), 'the decorator stays');
    assert.ok(result.text.includes('    def add(self'), 'add() is kept');
  });

  it('is not fooled by a multi-line string at column 0 inside a function', () => {
    const snippet = `def restock_message(items: list[str]) -> str:
    return "Please restock: " + ", ".join(items)`;
    const result = placed(placeSnippet(inventory, snippet, 'py'));
    assert.ok(result.text.endsWith(`def restock_message(items: list[str]) -> str:\n    return "Please restock: " + ", ".join(items)\n`));
    assert.ok(!result.text.includes('%s'), 'the whole old function, string included, was replaced');
  });

  it('adds an import after the existing ones and replaces a constant', () => {
    const snippet = 'import logging\n\nLOW_STOCK = 5';
    const result = placed(placeSnippet(inventory, snippet, 'py'));
    assert.ok(result.text.includes('from typing import Dict\nimport logging\n\nLOW_STOCK = 5\n'));
  });

  it('refuses a method that no class of the file has', () => {
    const result = placeSnippet(inventory, 'def audit(self) -> None:\n    pass', 'py');
    assert.equal(result.ok, false);
  });
});
