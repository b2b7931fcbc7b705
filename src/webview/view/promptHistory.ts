// Previously sent prompts, browsed with the arrow keys like a shell's history; the text being typed is
// kept aside and comes back after the newest entry.

export class PromptHistory {
  private readonly entries: string[];
  /** Position while browsing; `entries.length` stands for the draft. */
  private index: number;
  private draft = '';

  constructor(entries: readonly string[] = [], private readonly limit = 100) {
    this.entries = entries.slice(-limit);
    this.index = this.entries.length;
  }

  get all(): string[] {
    return [...this.entries];
  }

  add(prompt: string): void {
    if (prompt.trim() && this.entries[this.entries.length - 1] !== prompt) this.entries.push(prompt);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    this.index = this.entries.length;
    this.draft = '';
  }

  /** The prompt before the one shown, or undefined at the oldest. `current` is kept when leaving the draft. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index--;
    return this.entries[this.index];
  }

  /** The prompt after the one shown (the draft after the newest), or undefined when already at the draft. */
  next(): string | undefined {
    if (this.index >= this.entries.length) return undefined;
    this.index++;
    return this.index === this.entries.length ? this.draft : this.entries[this.index];
  }
}
