// The global keyboard handler: reads the keymap, never fires single-key
// shortcuts while the operator types, and leaves Enter/arrows to whatever
// control has focus unless that is the list itself.
import { keyAction, isTypingTarget } from '../state/keymap.js';
import { dialogOpen } from '../components/dialog.js';

function isListOrBody(el) {
  return !el || el === document.body || el === document.documentElement || (el.closest && !!el.closest('.inbox-list'));
}

export function installKeyboard(app) {
  const { ui } = app;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented) return;
    const typing = isTypingTarget(e.target);
    const a = keyAction(e, { typing, dialogOpen: dialogOpen() });
    if (!a) return;
    const onList = isListOrBody(e.target);
    switch (a.action) {
      case 'escape':
        if (dialogOpen()) return; // the dialog's own "cancel" handles it
        if (typing && e.target.blur) e.target.blur();
        ui.pane.list.focus();
        break;
      case 'palette':
        if (dialogOpen()) return;
        app.openPalette();
        break;
      case 'next':
      case 'prev':
        if (e.key.startsWith('Arrow') && !onList) return;
        ui.pane.list.move(a.action === 'next' ? 1 : -1);
        if (!onList) ui.pane.list.focus();
        break;
      case 'open': {
        if (!onList) return;
        const it = ui.pane.list.selected();
        if (it) app.conversation.open(it.key);
        break;
      }
      case 'reply':
      case 'note':
        app.focusComposer(a.action);
        break;
      case 'close':
        app.actions.run('close');
        break;
      case 'assign_operator':
      case 'assign_group':
        app.actions.run(a.action);
        break;
      case 'tab': {
        const t = app.inbox.tabs()[a.arg];
        if (!t) return;
        app.inbox.setScope({ tab: t.id });
        break;
      }
      case 'help':
        app.openHelp();
        break;
      default:
        return;
    }
    e.preventDefault();
  });
}
