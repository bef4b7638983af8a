// Static guards over ui/: no HTML-string sinks, no code from strings, and an
// index.html that fits the app's CSP (no inline script or style).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const UI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}

test('no HTML-string sinks or string-to-code anywhere in ui/js', async () => {
  const js = (await files(join(UI, 'js'))).filter((f) => f.endsWith('.js'));
  assert.ok(js.length > 20);
  const banned = [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new\s+Function\s*\(/, /setTimeout\s*\(\s*['"`]/, /\.setAttribute\(\s*['"]on/i, /\.src\s*=\s*(?!src\b)/, /\.href\s*=/];
  for (const f of js) {
    const text = (await readFile(f, 'utf8')).replace(/^\s*\/\/.*$/gm, '');
    for (const re of banned) {
      const allowed = re.source.includes('.src') && f.endsWith('message.js'); // thumbnails: img.src = safeImageUrl(...) only
      if (!allowed) assert.ok(!re.test(text), `${f.slice(UI.length)} matches ${re}`);
    }
  }
});

test('index.html loads one module and has no inline script, style or handler', async () => {
  const html = await readFile(join(UI, 'index.html'), 'utf8');
  assert.equal((html.match(/<script\b/g) || []).length, 1);
  assert.match(html, /<script type="module" src="js\/main\.js"><\/script>/);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
  assert.ok(!/\sstyle\s*=/.test(html), 'no style attribute');
  assert.ok(!/<style\b/.test(html), 'no style element');
  assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline handler');
  assert.ok(!/https?:\/\//.test(html.replace(/<!--[\s\S]*?-->/g, '')), 'nothing remote');
});

test('CSS loads nothing remote (system fonts, no @import, no url(http))', async () => {
  for (const f of (await files(join(UI, 'css'))).filter((x) => x.endsWith('.css'))) {
    const css = await readFile(f, 'utf8');
    assert.ok(!/@import|url\(\s*['"]?https?:|@font-face/.test(css), f);
  }
});
