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

  it('names every value outside its enum or range as a problem, with the same words as the CLI', () => {
    const s = chatSettingsFrom(reader({ service: 'other', reasoningEffort: 'max', verbosity: 3, maxOutputTokens: 5, temperature: 'hot', topP: 1.5, autoApproveEdits: 'yes' }));
    assert.equal(s.service, 'responses');
    assert.equal(s.autoApproveEdits, false, 'only a real true switches review off');
    assert.deepEqual(s.problems, [
      'miniCoder.service must be one of responses, runware, runware-responses; got "other"',
      'miniCoder.reasoningEffort must be one of none, low, medium, high, xhigh; got "max"',
      'miniCoder.verbosity must be one of low, medium, high; got 3',
      'miniCoder.maxOutputTokens must be a whole number from 16 to 128000; got 5',
      'miniCoder.topP must be a number from 0 to 1; got 1.5',
      'miniCoder.temperature must be a number from 0 to 2; got "hot"',
    ]);
  });

  it('refuses minimal effort and takes only AIR model ids for Runware', () => {
    assert.match(chatSettingsFrom(reader({ reasoningEffort: 'minimal' })).problems[0], /miniCoder\.reasoningEffort .*minimal is not offered/);
    const runware = chatSettingsFrom(reader({ service: 'runware', 'runware.model': 'gpt-4o' }));
    assert.match(runware.problems[0], /miniCoder\.runware\.model: "gpt-4o" is not a Runware model id/);
    assert.equal(chatSettingsFrom(reader({ service: 'runware', 'runware.model': 'gpt-5.4-mini' })).model, 'openai:gpt@5.4-mini');
  });

  it('says which chosen settings the service does not take, and not the defaults it leaves out', () => {
    const runware = chatSettingsFrom(reader({ service: 'runware', reasoningSummary: 'auto', verbosity: 'high', 'responses.store': true }));
    assert.equal(runware.notSent, "Not sent to Runware: miniCoder.verbosity (Runware's task API has no verbosity setting); miniCoder.responses.store (Runware's task API has no store setting).");
    assert.equal(chatSettingsFrom(reader({ service: 'runware', reasoningSummary: 'auto', verbosity: 'medium' })).notSent, undefined);
    assert.match(String(chatSettingsFrom(reader({ temperature: 0.3 })).notSent), /miniCoder\.temperature \(gpt-5\.4-mini is a reasoning model/);
  });

  it('points Runware\'s Responses endpoint at the Runware account: its base URL, key and model', () => {
    const s = chatSettingsFrom(reader({ service: 'runware-responses', 'runware.baseUrl': 'https://rw.example/v1' }));
    assert.deepEqual(s.connection, { service: 'runware-responses', baseUrl: 'https://rw.example/v1', model: 'openai:gpt@5.4-mini' });
    assert.deepEqual(s.problems, []);
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
