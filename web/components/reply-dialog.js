/**
 * A reply to a client's text, sent from the clinic's number the same way as the aftercare texts.
 * The count shows how much of the limit is used; what the server refuses shows under the box.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { REPLY_MAX, sendReply } from '../state/inbox.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

const FIELDS = { replyText: ['text'] };

/** A random key for one reply (getRandomValues works on plain http too, unlike randomUUID). */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export function ReplyDialog({ text, onClose }) {
  const open = Boolean(text);
  const [body, setBody] = useState('');
  const { busy, general, attempt, errs, clear, reset } = useSubmit(FIELDS);
  const box = useRef(null);
  // One key per reply written: the server texts it once however often it is sent.
  const key = useRef('');
  const who = text ? text.clientRef || 'this number' : '';

  useEffect(() => {
    if (!open) return;
    setBody('');
    key.current = newKey();
    reset();
    box.current.focus();
  }, [text]);

  async function submit(event) {
    event.preventDefault();
    await attempt(
      async () => {
        await sendReply(text, body, key.current);
        toast(`Reply sent to ${who}.`);
        onClose();
      },
      { focusRefused: true },
    );
  }

  // Counted as the server counts (UTF-16 code units).
  const count = body.length;
  return html`<${Dialog} id="reply-dialog" class="modal" labelledBy="reply-title" open=${open} onClose=${onClose}>
    <form id="reply-form" class="form" method="dialog" novalidate onSubmit=${submit}>
      <h2 id="reply-title">Reply to ${who}</h2>
      ${text && html`<blockquote class="reply-quote" id="reply-quote">${text.text}</blockquote>`}
      <${FormAlert} id="reply-alert" lines=${general} />
      <${Field}
        id="replyText"
        label="Your reply"
        hint="Sent by text from the clinic's number and kept in the client's timeline. No diagnosis by text."
        note=${html`<p class=${count > REPLY_MAX ? 'char-count is-over' : 'char-count'} id="replyText-count" aria-live="polite">${count} / ${REPLY_MAX}</p>`}
        errors=${errs('replyText')}
        dataField="text"
      >
        <textarea
          id="replyText"
          name="text"
          rows="5"
          ref=${box}
          value=${body}
          onInput=${(e) => {
            setBody(e.currentTarget.value);
            key.current = newKey();
            clear('replyText');
          }}
          ...${fieldAria('replyText', errs('replyText'), ['replyText-hint', 'replyText-count'])}
        ></textarea>
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="reply-back" onClick=${onClose}>Close</button>
        <button type="submit" class="btn btn-primary" id="reply-submit" disabled=${busy}>${busy ? 'Sending…' : 'Send reply'}</button>
      </div>
    </form>
  <//>`;
}
