/**
 * A new API key for the clinic's own systems: named, then shown once with a copy button. The
 * server keeps only its digest, so closing this dialog is the last chance to copy it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { useSubmit } from '../form-submit.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

function ShownOnce({ created, onClose }) {
  const [copied, setCopied] = useState('');
  const keyRef = useRef(null);
  useEffect(() => keyRef.current.select(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('Copied.');
    } catch {
      keyRef.current.select();
      setCopied('Copying was not allowed here: the key is selected, press Ctrl+C (or ⌘C).');
    }
  };
  return html`<div class="form" id="key-created">
    <p><strong>${created.name}</strong> is ready. Copy the key now: it is shown only this once.</p>
    <div class="input-with-button">
      <label class="visually-hidden" for="key-secret">The new key</label>
      <input id="key-secret" class="key-secret" type="text" readonly spellcheck="false" value=${created.key} ref=${keyRef} onFocus=${(e) => e.currentTarget.select()} />
      <button type="button" class="btn btn-secondary btn-small" id="key-copy" onClick=${() => void copy()}>Copy</button>
    </div>
    <p class="hint" id="key-copied" role="status">${copied}</p>
    <p class="muted">Send it as <code>Authorization: Bearer &lt;key&gt;</code>. It acts as staff of this clinic and can be revoked here at any time.</p>
    <div class="form-actions form-actions-end">
      <button type="button" class="btn btn-primary" id="key-done" onClick=${onClose}>I have copied it</button>
    </div>
  </div>`;
}

export function KeyCreateDialog({ open, clinicId, onCreated, onClose }) {
  const [name, setName] = useState('');
  const { busy, general, setErrors, attempt, errs, clear, reset } = useSubmit({ keyName: ['name'] });
  const [created, setCreated] = useState(null);
  const input = useRef(null);

  useEffect(() => {
    if (!open) return;
    setName('');
    reset();
    setCreated(null);
    input.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ keyName: ['Give the key a name, e.g. "booking system".'] });
      return input.current.focus();
    }
    await attempt(async () => {
      const res = await api('POST', clinicPath(clinicId, '/keys'), { name: name.trim() });
      setCreated(res);
      onCreated();
    });
  }

  return html`<${Dialog} id="key-dialog" class="modal" labelledBy="key-title" open=${open} onClose=${onClose}>
    <div class="modal-body">
    <h2 id="key-title">${created ? 'Copy the new key' : 'New API key'}</h2>
    ${created
      ? html`<${ShownOnce} created=${created} onClose=${onClose} />`
      : html`<form id="key-form" class="form" method="dialog" novalidate onSubmit=${submit}>
          <${FormAlert} id="key-alert" lines=${general} />
          <${Field} id="keyName" label="Name" hint="What uses it, so you know which to revoke: e.g. booking system." errors=${errs('keyName')} dataField="name">
            <input id="keyName" name="name" type="text" autocomplete="off" maxlength="100" ref=${input} value=${name} onInput=${(e) => (setName(e.currentTarget.value), clear('keyName'))} ...${fieldAria('keyName', errs('keyName'))} />
          <//>
          <div class="form-actions form-actions-end">
            <button type="button" class="btn btn-quiet" id="key-back" onClick=${onClose}>Close</button>
            <button type="submit" class="btn btn-primary" id="key-submit" disabled=${busy}>${busy ? 'Creating…' : 'Create key'}</button>
          </div>
        </form>`}
    </div>
  <//>`;
}
