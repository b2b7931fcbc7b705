// Entry of the webview bundle (dist/webview.js): mounts the chat on #app.
import { HostBus, type VsCodeApi } from './bus';
import { mountChat } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) mountChat(root, new HostBus(api, window), api);
