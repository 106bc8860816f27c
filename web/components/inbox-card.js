/**
 * The clinic's inbox: every text its clients sent (and the replies sent from here), unread urgent
 * ones first, then newest first. Staff mark a text read or answer it; a client's name links to
 * their timeline, where the same texts show among the messages.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { useClinic } from '../state/clinics.js';
import { inbox, inboxOrder, markRead, refreshInbox } from '../state/inbox.js';
import { useStore } from '../state/store.js';
import { FormAlert } from './form-alert.js';
import { InboxRow } from './inbox-row.js';
import { ListCard } from './list-card.js';
import { ReplyDialog } from './reply-dialog.js';

const SHOW = {
  all: { label: 'All texts', keep: () => true },
  unread: { label: 'Unread', keep: (t) => t.direction !== 'out' && !t.readAt },
  urgent: { label: 'Urgent', keep: (t) => Boolean(t.triage && t.triage.class === 'urgent') },
};

function lead(unread) {
  if (!unread.total) return 'Texts from clients, kept with their timeline. Nothing unread.';
  const urgent = unread.urgent ? `, ${unread.urgent} urgent` : '';
  return `Texts from clients, kept with their timeline. ${unread.total} unread${urgent}.`;
}

export function InboxCard() {
  const state = useStore(inbox);
  const { id: clinicId, name } = useClinic();
  const [show, setShow] = useState('all');
  const [replying, setReplying] = useState(null);
  const { general, attempt } = useSubmit({});
  const texts = inboxOrder(state.texts).filter(SHOW[show].keep);
  const title = name || clinicId;

  const filter = html`<label class="visually-hidden" for="inbox-show">Show</label>
    <select id="inbox-show" value=${show} onChange=${(e) => setShow(e.currentTarget.value)}>
      ${Object.entries(SHOW).map(([value, s]) => html`<option value=${value}>${s.label}</option>`)}
    </select>`;

  return html`<${ListCard}
    id="inbox"
    title=${title ? `Inbox · ${title}` : 'Inbox'}
    lead=${lead(state.unread)}
    actions=${filter}
    loading=${state.loading}
    onRefresh=${refreshInbox}
    error=${state.error}
    tableClass="inbox-table"
    head=${html`<th scope="col">Received</th><th scope="col">Client</th><th scope="col">Class</th><th scope="col">Text</th><th scope="col"><span class="visually-hidden">Actions</span></th>`}
    count=${texts.length}
    loaded=${state.loadedFor === clinicId}
    emptyText=${show === 'all' ? 'No texts from clients yet.' : 'Nothing here right now.'}
    rows=${texts.map((t) => html`<${InboxRow} key=${t.id} text=${t} onRead=${(text) => void attempt(() => markRead(text))} onReply=${setReplying} />`)}
  >
    <${FormAlert} id="inbox-action-alert" lines=${general} />
    <${ReplyDialog} text=${replying} onClose=${() => setReplying(null)} />
  <//>`;
}
