// "?" — the shortcut list, generated from the keymap itself.
import { h } from './dom.js';
import { openDialog } from './dialog.js';
import { SHORTCUTS } from '../state/keymap.js';

export function openHelp() {
  const rows = SHORTCUTS.map((s) => h('tr', {},
    h('td', { class: 'keys' }, s.keys.map((alt, i) => [
      i ? h('span', { class: 'muted', text: ' or ' }) : null,
      alt.split('+').map((k, j) => [j ? '+' : null, h('kbd', { text: k })]),
    ])),
    h('td', { text: s.label })));
  return openDialog({
    title: 'Keyboard shortcuts',
    className: 'dlg-help',
    body: [h('table', { class: 'shortcuts' }, h('tbody', {}, rows)),
      h('p', { class: 'muted', text: 'Letter shortcuts are off while you type in a field; Esc leaves the field.' })],
  });
}
