// The one module that talks to Rust. Tauri 2 puts its IPC primitive at
// window.__TAURI_INTERNALS__ (also with withGlobalTauri off); this is what
// @tauri-apps/api's core.invoke and event.listen call underneath:
//   invoke(cmd, args)                     → core.js: __TAURI_INTERNALS__.invoke
//   listen(event, handler, {target: Any}) → event.js: invoke('plugin:event|listen',
//       {event, target: {kind: 'Any'}, handler: transformCallback(handler)})
// Event handlers receive {event, id, payload}; we hand on the payload only.
import { normalizeError } from './state/errors.js';

export const EVENT = 'desk://event';

function internals() {
  const t = window.__TAURI_INTERNALS__;
  if (!t || typeof t.invoke !== 'function') {
    throw { kind: 'config', message: 'The desktop bridge is missing: open Deskbell from its app, not a browser.' };
  }
  return t;
}

export async function invoke(cmd, args = {}) {
  try {
    return await internals().invoke(cmd, args);
  } catch (e) {
    throw normalizeError(e);
  }
}

// Subscribes to `desk://event`; returns an async unlisten function.
export async function onEvent(handler) {
  const t = internals();
  const callbackId = t.transformCallback((ev) => {
    try {
      handler(ev && ev.payload);
    } catch (e) {
      // One bad event must not stop the stream.
      console.error('desk event handler failed', e);
    }
  });
  const eventId = await t.invoke('plugin:event|listen', {
    event: EVENT,
    target: { kind: 'Any' },
    handler: callbackId,
  });
  return async () => {
    const plugin = window.__TAURI_EVENT_PLUGIN_INTERNALS__;
    if (plugin && typeof plugin.unregisterListener === 'function') plugin.unregisterListener(EVENT, eventId);
    await t.invoke('plugin:event|unlisten', { event: EVENT, eventId });
  };
}
