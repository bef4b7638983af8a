// Channel ids as servers spell them (telegrambot, whatsapp, Channel::Email…)
// → one recognisable identity each: label, brand colour, glyph name.
import { own } from './lookup.js';

const CHANNELS = {
  telegram: { label: 'Telegram', color: '#229ED9', glyph: 'plane' },
  whatsapp: { label: 'WhatsApp', color: '#25D366', glyph: 'phone' },
  viber: { label: 'Viber', color: '#7360F2', glyph: 'viber' },
  vk: { label: 'VK', color: '#0077FF', glyph: 'vk' },
  livechat: { label: 'Live chat', color: '#F97316', glyph: 'chat' },
  email: { label: 'Email', color: '#64748B', glyph: 'mail' },
  facebook: { label: 'Facebook', color: '#1877F2', glyph: 'fb' },
  instagram: { label: 'Instagram', color: '#E1306C', glyph: 'camera' },
  chatwoot: { label: 'Chatwoot', color: '#1F93FF', glyph: 'bubbles' },
  sms: { label: 'SMS', color: '#0EA5A4', glyph: 'sms' },
  twitter: { label: 'X / Twitter', color: '#334155', glyph: 'x' },
  api: { label: 'API', color: '#8B5CF6', glyph: 'code' },
  line: { label: 'LINE', color: '#06C755', glyph: 'line' },
};

const ALIASES = {
  telegrambot: 'telegram', telegram: 'telegram',
  whatsapp: 'whatsapp', whatsappbusiness: 'whatsapp', whatsapp_business: 'whatsapp',
  viber: 'viber', viberbot: 'viber',
  vk: 'vk', vkontakte: 'vk', vkgroup: 'vk',
  livechat: 'livechat', webwidget: 'livechat', web_widget: 'livechat', widget: 'livechat', website: 'livechat',
  email: 'email', mail: 'email',
  facebook: 'facebook', facebookpage: 'facebook', messenger: 'facebook', fb: 'facebook',
  instagram: 'instagram',
  chatwoot: 'chatwoot',
  sms: 'sms', twiliosms: 'sms', twilio_sms: 'sms',
  twitter: 'twitter', twitterprofile: 'twitter',
  api: 'api',
  line: 'line',
};

export function channelInfo(raw) {
  const c = String(raw || '').trim().toLowerCase().replace(/^channel::/, '');
  const id = own(ALIASES, c);
  if (id) return { id, ...CHANNELS[id] };
  const label = String(raw || '').trim() || 'Unknown';
  // Unknown channels still get a stable colour, picked from the name.
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  const palette = ['#64748B', '#0EA5E9', '#A855F7', '#14B8A6', '#EAB308', '#EF4444'];
  return { id: 'other', label, color: palette[h % palette.length], glyph: 'dot' };
}
