import * as assert from 'node:assert/strict';
import { DEFAULT_SUBAGENT_SETTINGS } from '../../../src/core/subagents/settings';
import { subagentSettingsFrom } from '../../../src/vscode/subagentSettings';

describe('the subagent settings', () => {
  it('uses the defaults when nothing is set: 4 at once, low effort', () => {
    assert.deepEqual(subagentSettingsFrom(() => undefined), DEFAULT_SUBAGENT_SETTINGS);
    assert.equal(DEFAULT_SUBAGENT_SETTINGS.maxParallel, 4);
    assert.equal(DEFAULT_SUBAGENT_SETTINGS.reasoningEffort, 'low');
  });

  it('takes the values the user set', () => {
    const values: Record<string, unknown> = { maxParallel: 0, reasoningEffort: 'medium', maxSteps: 5, maxTokens: 50_000, timeLimitSeconds: 30 };
    assert.deepEqual(subagentSettingsFrom((key) => values[key]), { maxParallel: 0, reasoningEffort: 'medium', maxSteps: 5, maxTokens: 50_000, timeLimitMs: 30_000 });
  });

  it('falls back to the default for a value out of range or of the wrong kind', () => {
    const values: Record<string, unknown> = { maxParallel: 50, reasoningEffort: 'extreme', maxSteps: 2.5, maxTokens: '1e9', timeLimitSeconds: -1 };
    assert.deepEqual(subagentSettingsFrom((key) => values[key]), DEFAULT_SUBAGENT_SETTINGS);
  });
});
