/** Asks for the clinic's API key: once, and again whenever the server refuses it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { keyPrompt, storedKey, submitKey } from '../state/api-key.js';
import { useStore } from '../state/store.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';

export function KeyPrompt() {
  const { open, message } = useStore(keyPrompt);
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState([]);
  const input = useRef(null);

  useEffect(() => {
    if (!open) return;
    setKey('');
    setErrors([]);
    input.current.focus();
  }, [open]);

  const submit = (event) => {
    event.preventDefault();
    const typed = key.trim();
    if (!typed) {
      setErrors(['Enter the API key.']);
      input.current.focus();
      return;
    }
    submitKey(typed);
  };

  // No way around the prompt: every request needs the key.
  const refuseEscape = (event) => {
    if (!storedKey()) event.preventDefault();
  };

  const closed = () => keyPrompt.set((s) => ({ ...s, open: false }));

  return html`<${Dialog} id="signin" class="modal" labelledBy="signin-title" open=${open} onCancel=${refuseEscape} onClose=${closed}>
    <form id="signin-form" method="dialog" class="form" novalidate onSubmit=${submit}>
      <h2 id="signin-title">Sign in to the front desk</h2>
      <p class="muted">Enter the clinic's API key. It is kept only in this browser tab and forgotten when the tab is closed.</p>
      <div id="signin-alert" class="alert alert-error" role="alert" hidden=${!message}>${message}</div>
      <${Field} id="apiKey" label="API key" hint="The local stack prints it when it starts (and keeps it in .env.local)." errors=${errors}>
        <input
          id="apiKey"
          name="apiKey"
          type="password"
          autocomplete="off"
          spellcheck="false"
          ref=${input}
          value=${key}
          onInput=${(e) => {
            setKey(e.currentTarget.value);
            setErrors([]);
          }}
          ...${fieldAria('apiKey', errors)}
        />
      <//>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" id="signin-submit">Sign in</button>
      </div>
    </form>
  <//>`;
}
