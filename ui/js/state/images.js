// Which customer images load by themselves. Every image comes through the app
// (the deskimg: protocol, src-tauri/src/images.rs), never straight from its
// host; still, fetching one tells that host that the thread is being read now.
// Images from the conversation's own account server, or a sibling host of it
// (static-api.blinger.io beside app.blinger.io), load at once; any other host
// waits for a click on "Load", or for "Always load from <host>", remembered here.

export const ALWAYS_KEY = 'deskbell.image-hosts';

export function hostOf(href) {
  try {
    return new URL(href).hostname.toLowerCase();
  } catch {
    return '';
  }
}

// What the account host's sibling hosts share: app.blinger.io → blinger.io.
// Nothing for hosts too short to have one (blinger.io, IPs) or whose parent
// looks like a public suffix (co.uk, com.au, org.il).
export function siteOf(host) {
  const labels = String(host || '').split('.').filter(Boolean);
  if (labels.length < 3 || /^\d+$/.test(labels[labels.length - 1]) || host.includes(':')) return null;
  const parent = labels.slice(1);
  if (parent.length === 2 && parent[1].length === 2 && parent[0].length <= 3) return null;
  return parent.join('.');
}

export function sameSite(host, accountHost) {
  if (!host || !accountHost) return false;
  if (host === accountHost) return true;
  const site = siteOf(accountHost);
  return !!site && (host === site || host.endsWith(`.${site}`));
}

// `storage` is localStorage (or anything with getItem/setItem); failures to
// read or write only mean the choice is not remembered.
export function createImageGate(storage) {
  const once = new Set();
  const failed = new Set();
  const always = new Set();
  try {
    const saved = JSON.parse((storage && storage.getItem(ALWAYS_KEY)) || '[]');
    if (Array.isArray(saved)) for (const h of saved) if (typeof h === 'string') always.add(h);
  } catch { /* nothing remembered */ }
  return {
    shouldLoad(href, accountUrl) {
      const host = hostOf(href);
      return once.has(href) || always.has(host) || sameSite(host, hostOf(accountUrl));
    },
    loadOnce(href) {
      once.add(href);
    },
    loadAlways(host) {
      if (!host) return;
      always.add(host);
      try {
        storage.setItem(ALWAYS_KEY, JSON.stringify([...always]));
      } catch { /* this session only */ }
    },
    failed: (href) => failed.has(href),
    markFailed(href) {
      failed.add(href);
    },
  };
}
