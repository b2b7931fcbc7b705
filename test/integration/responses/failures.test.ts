import * as assert from 'node:assert/strict';
import { FakeResponsesServer, ResponseBuilder, httpErrorTurn, textTurn } from '../../support/fakeResponsesServer';
import { collectEvents, summarizeTurn } from '../../support/turnSummary';
import { ask, useFakeService } from './fakeService';

const KEY = 'sk-test-failures-0123456789';
const request = ask('Refactor this.');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Responses provider over HTTP: failures', () => {
  const service = useFakeService(KEY);
  const provider = service.provider;

  it('reports a rejected key as an auth error naming the host, without retrying or echoing the key', async () => {
    const wrongKey = 'sk-wrong-key-abcdefghijklmnop';
    const events = await collectEvents(provider({ apiKey: wrongKey, maxRetries: 2, authHint: "Run 'Mini Coder: Set API Key'." }).stream(request));
    assert.equal(events.length, 1);
    const { error } = summarizeTurn(events);
    assert.equal(error?.kind, 'auth');
    assert.equal(error?.status, 401);
    assert.equal(error?.code, 'invalid_api_key');
    assert.ok(error?.message.includes(new URL(service.server.baseURL).host), error?.message);
    assert.match(error!.message, /Set API Key/);
    assert.doesNotMatch(error!.message, /abcdefghijklmnop/);
    assert.equal(service.server.requests.length, 1, '401 is not retried');
  });

  it('scrubs the key from any error message the service sends back', async () => {
    service.server.enqueue(new ResponseBuilder().errorEvent({ code: 'server_error', message: `Upstream rejected ${KEY} for this model.` }));
    const { error } = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(error?.kind, 'server');
    assert.ok(!error?.message.includes(KEY), error?.message);
    assert.match(error!.message, /Upstream rejected/);
  });

  it('reports a missing key before sending anything', async () => {
    const { error } = summarizeTurn(await collectEvents(provider({ apiKey: '' }).stream(request)));
    assert.equal(error?.kind, 'auth');
    assert.match(error!.message, /No API key/);
    assert.equal(service.server.requests.length, 0);
  });

  it('waits as long as a 429 asks, then retries and succeeds', async () => {
    service.server.enqueue(httpErrorTurn(429, 'rate_limit_exceeded', 'Rate limit reached for requests.', { 'retry-after-ms': '250' }), textTurn('second time lucky'));
    const summary = summarizeTurn(await collectEvents(provider({ maxRetries: 2 }).stream(request)));
    assert.equal(summary.text, 'second time lucky');
    assert.equal(summary.terminal?.type, 'completed');
    assert.equal(service.server.requests.length, 2);
    const waited = service.server.requests[1].receivedAt - service.server.requests[0].receivedAt;
    assert.ok(waited >= 240, `retried after ${waited} ms, asked for 250 ms`);
  });

  it('says when to try again once the 429 retries are used up', async () => {
    const limited = httpErrorTurn(429, 'rate_limit_exceeded', 'Rate limit reached.', { 'retry-after': '0.05' });
    service.server.enqueue(limited, limited, limited);
    const { error } = summarizeTurn(await collectEvents(provider({ maxRetries: 2 }).stream(request)));
    assert.equal(service.server.requests.length, 3);
    assert.equal(error?.kind, 'rate_limit');
    assert.equal(error?.retryAfterMs, 50);
    assert.match(error!.message, /Try again in 50 ms/);
  });

  it('does not sit through a retry-after longer than the limit, and says how long to wait', async () => {
    service.server.enqueue(httpErrorTurn(429, 'rate_limit_exceeded', 'Daily limit reached.', { 'retry-after': '3600' }));
    const started = Date.now();
    const { error } = summarizeTurn(await collectEvents(provider({ maxRetries: 2, maxRetryWaitMs: 60_000 }).stream(request)));
    assert.ok(Date.now() - started < 5_000);
    assert.equal(service.server.requests.length, 1);
    assert.equal(error?.kind, 'rate_limit');
    assert.equal(error?.retryAfterMs, 3_600_000);
    assert.match(error!.message, /Try again in 60 min/);
  });

  it('reports a server error after retrying it', async () => {
    const broken = httpErrorTurn(500, 'server_error', 'The server had an error.', { 'retry-after-ms': '10' });
    service.server.enqueue(broken, broken, broken);
    const { error } = summarizeTurn(await collectEvents(provider({ maxRetries: 2 }).stream(request)));
    assert.equal(service.server.requests.length, 3);
    assert.equal(error?.kind, 'server');
    assert.equal(error?.status, 500);
    assert.match(error!.message, /The server had an error\..*after 2 retries/);
  });

  it("reports a bad request with the service's message and does not retry it", async () => {
    service.server.enqueue(httpErrorTurn(400, 'unsupported_parameter', "Unsupported parameter: 'temperature' is not supported with this model."));
    const { error } = summarizeTurn(await collectEvents(provider({ maxRetries: 2 }).stream(request)));
    assert.equal(service.server.requests.length, 1);
    assert.equal(error?.kind, 'bad_request');
    assert.match(error!.message, /Unsupported parameter: 'temperature'/);
  });

  it('reports an unreachable server as a network error', async () => {
    const closed = await FakeResponsesServer.start();
    const baseURL = closed.baseURL;
    await closed.close();
    const { error } = summarizeTurn(await collectEvents(provider({ baseURL }).stream(request)));
    assert.equal(error?.kind, 'network');
    assert.ok(error?.message.includes(new URL(baseURL).host));
  });

  it('keeps the partial answer when the connection drops mid-stream', async () => {
    service.server.enqueue(new ResponseBuilder().message('The first part of an answer that never', { chunkSize: 5 }).cut());
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(summary.text, 'The first part of an answer that never');
    assert.equal(summary.error?.kind, 'network');
    assert.match(summary.error!.message, /partial answer was kept/);
  });

  it('reports a stream that ends without a final event as a network error, keeping the text', async () => {
    service.server.enqueue(new ResponseBuilder().message('half an answer').endWithoutTerminal());
    const summary = summarizeTurn(await collectEvents(provider().stream(request)));
    assert.equal(summary.text, 'half an answer');
    assert.equal(summary.error?.kind, 'network');
    assert.match(summary.error!.message, /the stream .*ended before the response completed; the partial answer was kept/i);
  });

  it('stops a stream that goes quiet for the idle timeout, keeping what came', async () => {
    service.server.enqueue(new ResponseBuilder().message('Thinking about it').stall());
    const started = Date.now();
    const summary = summarizeTurn(await collectEvents(provider({ idleTimeoutMs: 200 }).stream(request)));
    assert.ok(Date.now() - started < 5_000);
    assert.equal(summary.text, 'Thinking about it');
    assert.equal(summary.error?.kind, 'timeout');
    assert.match(summary.error!.message, /nothing for 200 ms/);
    assert.match(summary.error!.message, /partial answer was kept/);
    await sleep(50);
    assert.equal(service.server.requests[0].clientClosedEarly, true, 'the stalled connection was closed');
  });

  it('does not count a slow consumer as an idle stream', async () => {
    service.server.enqueue(textTurn('abcd', { chunkSize: 2 }));
    const events = [];
    for await (const event of provider({ idleTimeoutMs: 150 }).stream(request)) {
      events.push(event);
      await sleep(300);
    }
    const summary = summarizeTurn(events);
    assert.equal(summary.text, 'abcd');
    assert.equal(summary.terminal?.type, 'completed');
  });

  it('stops promptly when the caller aborts mid-stream, keeping the text so far', async () => {
    const turn = new ResponseBuilder().message('one two three four five six seven eight', { chunkSize: 4 }).completed();
    service.server.enqueue(turn.kind === 'stream' ? { ...turn, delayMs: 100 } : turn);
    const controller = new AbortController();
    const events = [];
    for await (const event of provider().stream(request, controller.signal)) {
      events.push(event);
      if (event.type === 'text_delta') controller.abort();
    }
    const summary = summarizeTurn(events);
    assert.equal(summary.text, 'one ');
    assert.equal(summary.error?.kind, 'cancelled');
    assert.equal(events.length, 2);
    await sleep(50);
    assert.equal(service.server.requests[0].clientClosedEarly, true, 'the request was aborted on the wire');
  });

  it('reports a stream event that is not JSON as a protocol error, keeping the text before it', async () => {
    const frames = [
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"m","delta":"ok so far"}\n\n',
      'event: response.output_text.delta\ndata: {not json\n\n',
    ];
    const garbled: typeof fetch = async () => new Response(frames.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const summary = summarizeTurn(await collectEvents(provider({ fetch: garbled }).stream(request)));
    assert.equal(summary.text, 'ok so far');
    assert.equal(summary.error?.kind, 'protocol');
    assert.match(summary.error!.message, /not valid JSON/);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { error } = summarizeTurn(await collectEvents(provider().stream(request, AbortSignal.abort())));
    assert.equal(error?.kind, 'cancelled');
    assert.equal(service.server.requests.length, 0);
  });

  it('cancels while waiting out a retry', async () => {
    service.server.enqueue(httpErrorTurn(429, 'rate_limit_exceeded', 'wait', { 'retry-after': '30' }), textTurn('too late'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const { error } = summarizeTurn(await collectEvents(provider({ maxRetries: 1 }).stream(request, controller.signal)));
    assert.equal(error?.kind, 'cancelled');
    assert.ok(Date.now() - started < 5_000, 'did not sit through the 30 s wait');
  });
});
