// Small forms in a dialog (edit a failed message, a file URL, a widget text…).
// Submitting runs `onSubmit(values)`; while it runs the button is busy and a
// second submit does nothing; a failure shows the server's text and keeps the form.
import { h, uniqueId, withBusy } from './dom.js';
import { openDialog, errorBox, button } from './dialog.js';
import { describeError } from '../state/errors.js';

// fields: [{name, label, type ('text'|'url'|'textarea'|'datetime-local'|'select'), value, placeholder, required, options, hint}]
export function promptDialog({ title, intro, fields, submitLabel = 'Save', onSubmit, extra }) {
  const err = errorBox();
  const inputs = {};
  const form = h('form', { class: 'form', attrs: { novalidate: true } });
  if (intro) form.append(h('p', { class: 'muted', text: intro }));
  for (const f of fields) {
    const id = uniqueId('fld');
    let input;
    if (f.type === 'textarea') input = h('textarea', { id, class: 'input', rows: f.rows || 5, value: f.value || '', placeholder: f.placeholder || '', attrs: { dir: 'auto' } });
    else if (f.type === 'select') input = h('select', { id, class: 'select' }, f.options.map((o) => h('option', { value: o.value, text: o.label })));
    else input = h('input', { id, class: 'input', type: f.type || 'text', value: f.value || '', placeholder: f.placeholder || '', autocomplete: 'off', spellcheck: false });
    if (f.type === 'select' && f.value !== undefined) input.value = f.value;
    if (f.required) input.required = true;
    if (f.autofocus) input.setAttribute('autofocus', '');
    inputs[f.name] = input;
    form.append(h('div', { class: 'field' }, h('label', { for: id, text: f.label }), input, f.hint ? h('p', { class: 'field-hint', text: f.hint }) : null));
  }
  if (extra) form.append(extra);
  form.append(err.el);
  const submit = button(submitLabel, { kind: 'primary', type: 'submit' });
  submit.setAttribute('form', form.id = uniqueId('form'));
  const cancel = button('Cancel');
  const dlg = openDialog({ title, body: form, footer: [cancel, submit] });
  cancel.addEventListener('click', () => dlg.close());
  let inFlight = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (inFlight) return;
    const values = {};
    for (const [k, el] of Object.entries(inputs)) values[k] = el.value;
    const missing = fields.find((f) => f.required && !String(values[f.name] || '').trim());
    if (missing) {
      err.show({ text: `${missing.label} is required.` });
      inputs[missing.name].focus();
      return;
    }
    inFlight = true;
    err.hide();
    try {
      await withBusy(submit, Promise.resolve(onSubmit(values)));
      dlg.close(values);
    } catch (ex) {
      err.show(describeError(ex));
    } finally {
      inFlight = false;
    }
  });
  // Ctrl+Enter submits from a textarea too.
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  return { dlg, inputs, form };
}
