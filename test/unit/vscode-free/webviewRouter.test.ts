import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../../src/protocol/messages';
import type { ChatSession } from '../../../src/vscode/chatSession';
import type { CodeActions } from '../../../src/vscode/codeActions';
import type { EditReview } from '../../../src/vscode/editReview';
import { routeWebviewMessage, type RouterDeps } from '../../../src/vscode/webviewRouter';

describe('messages from the webview', () => {
  let calls: string[];
  let posted: HostMessage[];
  let logged: string[];
  let deps: RouterDeps;

  beforeEach(() => {
    calls = [];
    posted = [];
    logged = [];
    const record = (name: string) => async (...args: unknown[]) => {
      calls.push(`${name} ${JSON.stringify(args)}`);
      return true;
    };
    // Only the methods the router calls are provided; each records its arguments.
    const session = {
      send: record('send'),
      sendState: record('sendState'),
      sendConversations: record('sendConversations'),
      stop: () => calls.push('stop'),
      open: record('open'),
      acceptEdit: record('acceptEdit'),
      undoEdit: record('undoEdit'),
      redoTurn: record('redoTurn'),
      editAndResend: record('editAndResend'),
      rejectEdit: (...args: unknown[]) => calls.push(`rejectEdit ${JSON.stringify(args)}`),
      messageText: (id: string) => (id === 'a1' ? 'The answer.' : undefined),
      post: (m: HostMessage) => posted.push(m),
      notice: record('notice'),
    } as unknown as ChatSession;
    const code = { apply: record('apply'), openLink: record('openLink'), copy: record('copy'), insertInTerminal: record('insertInTerminal'), runInTerminal: record('runInTerminal') } as unknown as CodeActions;
    deps = {
      session,
      code,
      edits: {} as EditReview,
      setKey: record('setKey'),
      openSettings: record('openSettings'),
      reset: () => calls.push('reset'),
      log: (line) => logged.push(line),
      chooseService: record('chooseService'),
      updateSetting: record('updateSetting'),
      viewReady: () => calls.push('viewReady'),
    };
  });

  it('drops anything that is not a typed message, and logs it', async () => {
    for (const raw of [null, 'send', 42, { text: 'hi' }, { type: 7 }]) await routeWebviewMessage(raw, deps);
    assert.deepEqual(calls, []);
    assert.equal(logged.length, 5);
  });

  it('drops a message whose fields have the wrong types', async () => {
    await routeWebviewMessage({ type: 'send', text: { evil: true } }, deps);
    await routeWebviewMessage({ type: 'openConversation', id: ['x'] }, deps);
    await routeWebviewMessage({ type: 'acceptEdit' }, deps);
    assert.deepEqual(calls, []);
    assert.match(logged.join('\n'), /malformed "send"/);
  });

  it('drops unknown message types', async () => {
    await routeWebviewMessage({ type: 'runCommand', command: 'rm -rf' }, deps);
    assert.deepEqual(calls, []);
    assert.match(logged[0], /unknown message/);
  });

  it('passes a question on, keeping only data: image attachments', async () => {
    await routeWebviewMessage({ type: 'send', text: 'Look', images: ['data:image/png;base64,AAAA', 'https://evil.example/track.png'] }, deps);
    assert.deepEqual(calls, ['send [{"text":"Look","images":["data:image/png;base64,AAAA"]}]']);
  });

  it('sends a slash command as the message it expands to, and sends nothing when it is refused', async () => {
    deps.expandCommand = async (text) => {
      if (text === '/mcp.s.bad') throw new Error('/mcp.s.bad needs city=…');
      return text.startsWith('/mcp.') ? { text: 'Expanded prompt', images: ['data:image/png;base64,BBBB'] } : undefined;
    };
    await routeWebviewMessage({ type: 'send', text: '/mcp.s.good' }, deps);
    await routeWebviewMessage({ type: 'send', text: '/mcp.s.bad' }, deps);
    await routeWebviewMessage({ type: 'send', text: '/not-a-prompt' }, deps);
    assert.deepEqual(calls, [
      'send [{"text":"Expanded prompt","images":["data:image/png;base64,BBBB"]}]',
      'notice ["/mcp.s.bad needs city=…","error"]',
      'send [{"text":"/not-a-prompt"}]',
    ]);
  });

  it('answers a slash query with the commands found, tagged with its request id', async () => {
    deps.slashCommands = async (query) => [{ label: `/${query}x`, path: `${query}x`, kind: 'special' }];
    await routeWebviewMessage({ type: 'slashQuery', requestId: 3, query: 'mcp.' }, deps);
    await routeWebviewMessage({ type: 'slashQuery', requestId: 'x', query: 'mcp.' }, deps);
    assert.deepEqual(posted, [{ type: 'slashResults', requestId: 3, items: [{ label: '/mcp.x', path: 'mcp.x', kind: 'special' }] }]);
  });

  it('resets the batcher before sending the whole state when the view loads', async () => {
    await routeWebviewMessage({ type: 'ready' }, deps);
    assert.deepEqual(calls, ['reset', 'sendState []', 'sendConversations []', 'viewReady']);
  });

  it('routes edit, link and code actions to their handlers', async () => {
    await routeWebviewMessage({ type: 'acceptEdit', editId: 'e1' }, deps);
    await routeWebviewMessage({ type: 'undoEdit', editId: 'e2' }, deps);
    await routeWebviewMessage({ type: 'openLink', href: 'https://example.com' }, deps);
    await routeWebviewMessage({ type: 'applyCode', code: 'x', path: 'src/a.ts', messageId: 'm1' }, deps);
    await routeWebviewMessage({ type: 'stop' }, deps);
    assert.deepEqual(calls, ['acceptEdit ["e1"]', 'undoEdit ["e2"]', 'openLink ["https://example.com"]', 'apply ["x",null,"src/a.ts","m1"]', 'stop']);
  });

  it('routes the chat\'s own actions: copy the answer, terminal, edit and resend, redo, pickers', async () => {
    await routeWebviewMessage({ type: 'copyAnswer', messageId: 'a1' }, deps);
    await routeWebviewMessage({ type: 'insertInTerminal', code: 'npm test' }, deps);
    await routeWebviewMessage({ type: 'runInTerminal', code: 'npm run lint' }, deps);
    await routeWebviewMessage({ type: 'editMessage', messageId: 'u1', text: 'better' }, deps);
    await routeWebviewMessage({ type: 'redoTurn', turnId: 't1' }, deps);
    await routeWebviewMessage({ type: 'rejectEdit', editId: 'e1', reason: 'no' }, deps);
    await routeWebviewMessage({ type: 'chooseService' }, deps);
    await routeWebviewMessage({ type: 'setService', service: 'runware' }, deps);
    await routeWebviewMessage({ type: 'setReasoningEffort', effort: 'high' }, deps);
    assert.deepEqual(calls, [
      'copy ["The answer.","Copied the answer to the clipboard."]',
      'insertInTerminal ["npm test"]',
      'runInTerminal ["npm run lint"]',
      'editAndResend ["u1","better"]',
      'redoTurn ["t1"]',
      'rejectEdit ["e1","no"]',
      'chooseService []',
      'updateSetting ["service","runware"]',
      'updateSetting ["reasoningEffort","high"]',
    ]);
  });

  it('refuses a picker value the settings do not allow', async () => {
    await routeWebviewMessage({ type: 'setService', service: 'evil' }, deps);
    await routeWebviewMessage({ type: 'setReasoningEffort', effort: 'maximum' }, deps);
    assert.deepEqual(calls, []);
    assert.equal(logged.length, 2);
  });

  it('answers a mention query with its request id even when no completion source is plugged in', async () => {
    await routeWebviewMessage({ type: 'mentionQuery', requestId: 7, query: 'src' }, deps);
    assert.deepEqual(posted, [{ type: 'mentionResults', requestId: 7, items: [] }]);
  });
});
