import * as assert from 'node:assert/strict';
import { chatSettingsFrom, pricesFrom } from '../../../src/vscode/chatSettings';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

describe('the miniCoder.* settings as the engine takes them', () => {
  it('talks to Anyfast with gpt-5.4-mini when nothing is set', () => {
    const s = chatSettingsFrom(reader({}));
    assert.equal(s.service, 'responses');
    assert.deepEqual(s.connection, { service: 'responses', baseUrl: 'https://www.anyfast.ai/v1', model: 'gpt-5.4-mini' });
    assert.equal(s.model, 'gpt-5.4-mini');
    assert.equal(s.autoApproveEdits, false);
    assert.deepEqual(s.options, { reasoningSummary: 'auto' });
  });

  it('maps the Runware settings, delivery and number of results included', () => {
    const s = chatSettingsFrom(reader({ service: 'runware', 'runware.delivery': 'sync', 'runware.numberResults': 3, 'runware.toolMode': 'native', requestIdleTimeoutSeconds: 30 }));
    assert.deepEqual(s.connection, {
      service: 'runware',
      baseUrl: 'https://api.runware.ai/v1',
      model: 'openai:gpt@5.4-mini',
      idleTimeoutMs: 30_000,
      runwareDelivery: 'sync',
      runwareToolMode: 'native',
    });
    assert.equal(s.options.numberResults, 3);
    assert.equal(s.options.delivery, 'sync');
  });

  it('awaits several Runware results together instead of streaming them, which the service cannot do', () => {
    const several = chatSettingsFrom(reader({ service: 'runware', 'runware.numberResults': 2 }));
    assert.equal(several.options.delivery, 'sync');
    assert.equal(several.connection.runwareDelivery, 'sync');
    const one = chatSettingsFrom(reader({ service: 'runware' }));
    assert.equal(one.options.delivery, 'stream');
    const async = chatSettingsFrom(reader({ service: 'runware', 'runware.numberResults': 2, 'runware.delivery': 'async' }));
    assert.equal(async.options.delivery, 'async');
  });

  it('lets the test environment variable override the base URL of the chosen service', () => {
    const env = { MINI_CODER_RESPONSES_BASE_URL: 'http://127.0.0.1:5123/v1', MINI_CODER_RUNWARE_BASE_URL: 'http://127.0.0.1:5124' };
    assert.equal(chatSettingsFrom(reader({ 'responses.baseUrl': 'https://api.openai.com/v1' }), env).connection.baseUrl, 'http://127.0.0.1:5123/v1');
    assert.equal(chatSettingsFrom(reader({ service: 'runware' }), env).connection.baseUrl, 'http://127.0.0.1:5124');
  });

  it('passes the sampling and reasoning options through', () => {
    const s = chatSettingsFrom(reader({ reasoningEffort: 'high', reasoningSummary: 'detailed', verbosity: 'low', maxOutputTokens: 4096, temperature: 0.2, topP: 0.9 }));
    assert.deepEqual(s.options, { reasoningEffort: 'high', reasoningSummary: 'detailed', verbosity: 'low', maxOutputTokens: 4096, temperature: 0.2, topP: 0.9 });
  });

  it('falls back to defaults for values outside the enums or of the wrong type', () => {
    const s = chatSettingsFrom(reader({ service: 'other', reasoningEffort: 'max', verbosity: 3, maxOutputTokens: -5, temperature: 'hot', autoApproveEdits: 'yes' }));
    assert.equal(s.service, 'responses');
    assert.deepEqual(s.options, { reasoningSummary: 'auto' });
    assert.equal(s.autoApproveEdits, false, 'only a real true switches review off');
  });

  it('asks for no reasoning summary when it is off', () => {
    assert.equal(chatSettingsFrom(reader({ reasoningSummary: 'off' })).options.reasoningSummary, undefined);
  });

  it('turns the price setting into the engine’s per-million fields', () => {
    assert.deepEqual(pricesFrom({ 'gpt-5.4-mini': { input: 1, cachedInput: 0.1, output: 5 }, other: { input: 2 }, junk: 7 }), {
      'gpt-5.4-mini': { inputPerMillion: 1, cachedInputPerMillion: 0.1, outputPerMillion: 5 },
      other: { inputPerMillion: 2 },
    });
  });
});
