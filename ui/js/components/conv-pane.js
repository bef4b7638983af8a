// The conversation column: an empty state until something is opened, then the
// header, the thread (with its loading / error overlay) and the composer.
import { h, setText } from './dom.js';
import { icon } from './icons.js';
import { mountConvHeader } from './conv-header.js';
import { mountThread } from './thread.js';
import { mountComposer } from './composer.js';

export function mountConvPane(el) {
  el.classList.add('conv-pane');
  const empty = h('div', { class: 'conv-empty' },
    h('div', { class: 'empty-art' }, icon('message', { size: 28 })),
    h('p', { class: 'empty-title', text: 'No conversation open' }),
    h('p', { class: 'empty-hint muted' }, 'Move with ', h('kbd', { text: 'J' }), ' ', h('kbd', { text: 'K' }), ', open with ', h('kbd', { text: 'Enter' }),
      ', find anything with ', h('kbd', { text: 'Ctrl K' }), '. ', h('kbd', { text: '?' }), ' lists every shortcut.'));
  const headEl = h('header');
  const threadEl = h('div', { attrs: { role: 'region' } });
  const stateText = h('p', { class: 'state-text' });
  const stateHint = h('p', { class: 'state-hint muted' });
  const retry = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', text: 'Try again', hidden: true });
  const overlay = h('div', { class: 'thread-state', hidden: true, attrs: { role: 'status' } }, h('span', { class: 'spinner' }), stateText, stateHint, retry);
  const wrap = h('div', { class: 'thread-wrap' }, threadEl, overlay);
  const composerEl = h('div');
  const openEl = h('div', { class: 'conv-open', hidden: true }, headEl, wrap, composerEl);
  el.append(empty, openEl);

  const header = mountConvHeader(headEl);
  const thread = mountThread(threadEl);
  wrap.append(thread.jumpButton);
  const composer = mountComposer(composerEl);
  let retryFn = null;
  retry.addEventListener('click', () => retryFn && retryFn());

  return {
    header,
    thread,
    composer,
    showOpen(on) {
      empty.hidden = on;
      openEl.hidden = !on;
    },
    // state: null | 'loading' | 'error'
    setState(state, err, onRetry) {
      overlay.hidden = !state;
      overlay.className = `thread-state${state ? ` is-${state}` : ''}`;
      overlay.setAttribute('role', state === 'error' ? 'alert' : 'status');
      setText(stateText, state === 'loading' ? 'Loading the conversation…' : state === 'error' ? `Could not open this conversation: ${err.text}` : '');
      setText(stateHint, state === 'error' ? err.hint || 'Try again, or check the connection.' : '');
      retry.hidden = state !== 'error';
      retryFn = onRetry || null;
    },
  };
}
