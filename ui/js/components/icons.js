// Inline SVG icons, drawn here (no icon font, no remote files; CSP-safe).
import { s } from './dom.js';
import { channelInfo } from '../state/channels.js';

const P = {
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  x: ['M6 6l12 12', 'M18 6L6 18'],
  plus: ['M12 5v14', 'M5 12h14'],
  clock: ['M12 7v5l3.2 2'],
  alert: ['M12 7.5v5.5', 'M12 16.6v.01'],
  send: ['M4.5 12L20 4.5 15.5 20l-3.2-6.3z', 'M12.3 13.7L20 4.5'],
  clip: ['M16.5 7.5l-7 7a1.8 1.8 0 0 0 2.6 2.6l7.4-7.4a3.8 3.8 0 0 0-5.4-5.4L6.6 11.8a5.8 5.8 0 0 0 8.2 8.2l5.2-5.2'],
  note: ['M5 4h14v10.5L13.5 20H5z', 'M13.5 20v-5.5H19'],
  user: ['M4.5 20.5c.4-3.6 3.6-6 7.5-6s7.1 2.4 7.5 6'],
  userPlus: ['M3.5 20.5c.4-3.6 3.3-6 6.8-6 1.6 0 3 .4 4.2 1.2', 'M18.5 13v6', 'M15.5 16h6'],
  userMinus: ['M3.5 20.5c.4-3.6 3.3-6 6.8-6 1.6 0 3 .4 4.2 1.2', 'M15.5 16h6'],
  users: ['M2.5 20c.4-3.3 3-5.5 6.5-5.5s6.1 2.2 6.5 5.5', 'M15.5 4.7a3.4 3.4 0 0 1 0 6.6', 'M17.5 14.6c2.2.6 3.7 2.5 4 5.4'],
  sliders: ['M4 6h9', 'M18 6h2', 'M4 12h3', 'M12 12h8', 'M4 18h11', 'M20 18h0'],
  keyboard: ['M6.5 10h.01', 'M10 10h.01', 'M14 10h.01', 'M17.5 10h.01', 'M7.5 14h9'],
  retry: ['M4.5 12a7.5 7.5 0 1 0 2.2-5.3', 'M4.5 4.5v4h4'],
  edit: ['M4.5 19.5h4l10.3-10.3a2.1 2.1 0 0 0-3-3L5.5 16.5z', 'M14.5 7.5l2.9 2.9'],
  trash: ['M4.5 7h15', 'M9.5 7V4.5h5V7', 'M6.5 7l1 12.5h9l1-12.5'],
  panel: ['M15 4.5v15'],
  external: ['M14 4.5h5.5V10', 'M19.5 4.5l-8.5 8.5', 'M17.5 14v4.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1H10'],
  file: ['M6.5 3.5h7.5l4 4v13h-11.5z', 'M13.5 3.5v4.5h4.5'],
  image: ['M20.5 15.5l-5-5-9 9'],
  star: ['M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z'],
  search: ['M19.5 19.5l-4-4'],
  inbox: ['M3.5 13l3-8h11l3 8v6.5h-17z', 'M3.5 13h5l1 2.5h5l1-2.5h5'],
  chevron: ['M6.5 9.5l5.5 5.5 5.5-5.5'],
  message: ['M4.5 5.5h15v11h-9l-4.5 3.5v-3.5h-1.5z'],
  hourglass: ['M7 3.5h10', 'M7 20.5h10', 'M8 3.5v3l4 5.5-4 5.5v3', 'M16 3.5v3l-4 5.5 4 5.5v3'],
  moon: ['M19.5 14.5A7.5 7.5 0 0 1 9.5 4.5a7.5 7.5 0 1 0 10 10z'],
  bell: ['M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z', 'M10 20.5h4'],
  link: ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  offline: ['M3.5 3.5l17 17', 'M8.5 16a5 5 0 0 1 7 0', 'M5 12.5a10 10 0 0 1 4-2.3', 'M15 10.2a10 10 0 0 1 4 2.3', 'M12 19.5h.01'],
};

const EXTRA = {
  clock: () => [s('circle', { cx: 12, cy: 12, r: 8.5 })],
  alert: () => [s('circle', { cx: 12, cy: 12, r: 8.5 })],
  user: () => [s('circle', { cx: 12, cy: 8, r: 3.8 })],
  userPlus: () => [s('circle', { cx: 10.3, cy: 8, r: 3.8 })],
  userMinus: () => [s('circle', { cx: 10.3, cy: 8, r: 3.8 })],
  users: () => [s('circle', { cx: 9, cy: 8, r: 3.4 })],
  sliders: () => [s('circle', { cx: 15.5, cy: 6, r: 2 }), s('circle', { cx: 9.5, cy: 12, r: 2 }), s('circle', { cx: 17.5, cy: 18, r: 2 })],
  keyboard: () => [s('rect', { x: 2.5, y: 6, width: 19, height: 12, rx: 2 })],
  panel: () => [s('rect', { x: 3.5, y: 4.5, width: 17, height: 15, rx: 2 })],
  image: () => [s('rect', { x: 3.5, y: 4.5, width: 17, height: 15, rx: 2 }), s('circle', { cx: 9, cy: 9.5, r: 1.6 })],
  search: () => [s('circle', { cx: 11, cy: 11, r: 6.5 })],
};

export function icon(name, { size = 16, label } = {}) {
  const el = s('svg', {
    viewBox: '0 0 24 24', width: size, height: size, fill: 'none', stroke: 'currentColor',
    'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', class: 'icon',
    'aria-hidden': label ? undefined : 'true', role: label ? 'img' : undefined, 'aria-label': label,
  });
  if (EXTRA[name]) el.append(...EXTRA[name]());
  for (const d of P[name] || []) el.append(s('path', { d }));
  return el;
}

const GLYPH = {
  plane: () => [s('path', { d: 'M5.6 11.6l11.6-4.5c.6-.2 1.1.1.9.8l-2 9.3c-.1.6-.6.8-1.1.4l-3-2.2-1.5 1.4c-.2.2-.4.3-.6.3l.2-3.1 5.5-5c.2-.2 0-.3-.3-.2l-6.8 4.3-2.9-.9c-.6-.2-.6-.6 0-.9z', fill: '#fff' })],
  phone: () => [
    s('path', { d: 'M12 5.2a6.8 6.8 0 0 0-5.9 10.2L5.2 18.8l3.5-.9A6.8 6.8 0 1 0 12 5.2z', stroke: '#fff', 'stroke-width': 1.6, fill: 'none' }),
    s('path', { d: 'M9.6 9.3c.2-.4.5-.5.8-.5h.4l.7 1.6-.5.7c.4.8 1 1.4 1.8 1.8l.6-.6 1.6.7v.5c0 .4-.2.7-.5.9-.6.3-1.4.3-2.6-.4a5.7 5.7 0 0 1-2.5-2.7c-.3-.8-.2-1.4.2-2z', fill: '#fff' }),
  ],
  viber: () => [
    s('path', { d: 'M6 7c0-1 .8-1.8 1.8-1.8h8.4c1 0 1.8.8 1.8 1.8v6.3c0 1-.8 1.8-1.8 1.8H11l-3 2.7v-2.7h-.2c-1 0-1.8-.8-1.8-1.8z', stroke: '#fff', 'stroke-width': 1.6, fill: 'none' }),
    s('path', { d: 'M11 8.4c1.6 0 2.8 1.2 2.8 2.8M11 10c.7 0 1.2.5 1.2 1.2', stroke: '#fff', 'stroke-width': 1.2, fill: 'none', 'stroke-linecap': 'round' }),
  ],
  vk: () => [textGlyph('VK', 8.6)],
  chat: () => [
    s('path', { d: 'M5.5 7.2c0-1 .8-1.7 1.7-1.7h9.6c1 0 1.7.8 1.7 1.7v6.6c0 1-.8 1.7-1.7 1.7H11l-3.6 3v-3h-.2c-1 0-1.7-.8-1.7-1.7z', fill: '#fff' }),
  ],
  mail: () => [
    s('rect', { x: 5, y: 7, width: 14, height: 10, rx: 1.6, stroke: '#fff', 'stroke-width': 1.6, fill: 'none' }),
    s('path', { d: 'M5.6 7.8l6.4 4.8 6.4-4.8', stroke: '#fff', 'stroke-width': 1.6, fill: 'none', 'stroke-linejoin': 'round' }),
  ],
  fb: () => [textGlyph('f', 14, 'Georgia, serif')],
  camera: () => [
    s('rect', { x: 6, y: 6, width: 12, height: 12, rx: 3.6, stroke: '#fff', 'stroke-width': 1.6, fill: 'none' }),
    s('circle', { cx: 12, cy: 12, r: 2.8, stroke: '#fff', 'stroke-width': 1.6, fill: 'none' }),
  ],
  bubbles: () => [s('circle', { cx: 12, cy: 12, r: 5.6, fill: '#fff' }), s('circle', { cx: 12, cy: 12, r: 2.4, fill: 'currentColor' })],
  sms: () => [textGlyph('SMS', 6.4)],
  x: () => [s('path', { d: 'M7.5 7.5l9 9M16.5 7.5l-9 9', stroke: '#fff', 'stroke-width': 2, 'stroke-linecap': 'round' })],
  code: () => [s('path', { d: 'M9.5 8.5L6 12l3.5 3.5M14.5 8.5L18 12l-3.5 3.5', stroke: '#fff', 'stroke-width': 1.8, fill: 'none', 'stroke-linecap': 'round' })],
  line: () => [textGlyph('LINE', 5.6)],
};

function textGlyph(text, size, family) {
  const t = s('text', {
    x: 12, y: 12.5, 'text-anchor': 'middle', 'dominant-baseline': 'middle', fill: '#fff',
    'font-size': size, 'font-weight': 700, 'font-family': family || 'system-ui, sans-serif',
  });
  t.textContent = text;
  return t;
}

// A coloured tile with the channel's glyph; the label goes to assistive tech.
export function channelIcon(raw, size = 18) {
  const info = channelInfo(raw);
  const el = s('svg', { viewBox: '0 0 24 24', width: size, height: size, class: 'chan-icon', role: 'img', 'aria-label': info.label });
  const title = s('title');
  title.textContent = info.label;
  el.append(title, s('rect', { x: 0, y: 0, width: 24, height: 24, rx: 6.5, fill: info.color }));
  el.style.color = info.color;
  const draw = GLYPH[info.glyph];
  if (draw) el.append(...draw());
  else el.append(textGlyph(Array.from(info.label)[0]?.toUpperCase() || '?', 11));
  return el;
}
