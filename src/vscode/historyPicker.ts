// "Mini Coder: Show History": a quick pick of saved conversations, newest first, with rename and delete
// buttons on each; picking one opens it in the chat.
import * as vscode from 'vscode';
import type { ConversationSummary } from '../core/history/conversation';
import type { ChatSession } from './chatSession';

interface Item extends vscode.QuickPickItem {
  conversation: ConversationSummary;
}

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

export async function showHistory(session: ChatSession, focusChat: () => Thenable<unknown>): Promise<void> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Mini Coder: conversations';
  pick.placeholder = 'Open a conversation';
  const refresh = async () => {
    const list = await session.listConversations();
    pick.items = list.map((conversation) => ({
      label: conversation.title,
      description: conversation.id === session.conversationId ? 'open' : undefined,
      detail: `${new Date(conversation.updatedAt).toLocaleString()} · ${conversation.messageCount} messages`,
      buttons: [RENAME, DELETE],
      conversation,
    }));
    if (list.length === 0) pick.placeholder = 'No saved conversations yet';
  };
  pick.onDidTriggerItemButton(async ({ button, item }) => {
    if (button === DELETE) {
      await session.delete(item.conversation.id);
    } else {
      pick.hide();
      const title = await vscode.window.showInputBox({ title: 'Rename conversation', value: item.conversation.title });
      if (title !== undefined) await session.rename(item.conversation.id, title);
      return;
    }
    await refresh();
  });
  pick.onDidAccept(async () => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (!chosen) return;
    await focusChat();
    await session.open(chosen.conversation.id);
  });
  pick.onDidHide(() => pick.dispose());
  pick.busy = true;
  pick.show();
  await refresh();
  pick.busy = false;
}
