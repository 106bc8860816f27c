/** The top bar: the sections this person may use, the connection, who is signed in, and sign-out. */
import { html } from '../lib/html.js';
import { connection } from '../api.js';
import { inbox } from '../state/inbox.js';
import { NUMBERS_HASH, numbersOpen } from '../state/numbers.js';
import { canManage, roleLabel, signOut, useSession } from '../state/session.js';
import { useStore } from '../state/store.js';
import { BrandMark } from './icons.js';

/** The inbox's link, with how many texts wait unread (red while any of them is urgent). */
function InboxLink() {
  const { total, urgent } = useStore(inbox).unread;
  const label = total ? `Inbox, ${total} unread${urgent ? `, ${urgent} urgent` : ''}` : 'Inbox';
  return html`<a href="#inbox" id="nav-inbox" aria-label=${label}>
    Inbox${total > 0 && html`<span class=${urgent ? 'nav-count nav-count-urgent' : 'nav-count'} id="inbox-unread" aria-hidden="true">${total}</span>`}
  </a>`;
}

export function Topbar() {
  const { ok, text } = useStore(connection);
  const { me } = useSession();
  const manager = canManage(me);
  const onNumbers = useStore(numbersOpen);
  return html`<header class="topbar">
    <div class="brand">
      <${BrandMark} />
      <span class="brand-name">Aftercare</span>
      <span class="brand-sub">Front desk</span>
    </div>
    <nav class="topnav" aria-label="Sections">
      <a href="#enroll">Enroll</a>
      <a href="#clients">Clients</a>
      <${InboxLink} />
      <a href="#import">Import</a>
      <a href=${NUMBERS_HASH} id="nav-numbers" aria-current=${onNumbers ? 'page' : undefined}>Numbers</a>
      ${manager && html`<a href="#clinics">Clinics</a><a href="#staff">Staff</a><a href="#keys">API keys</a><a href="#audit">Audit log</a>`}
    </nav>
    <div class="topbar-end">
      <span id="connection" class=${`connection ${ok ? 'connection-ok' : 'connection-down'}`} role="status" aria-live="polite">${text}</span>
      ${me &&
      html`<span class="whoami" id="whoami">
          <span class="whoami-name" id="whoami-name">${me.name || me.email}</span>
          <span class="whoami-role" id="whoami-role">${roleLabel(me.role)}</span>
        </span>
        <button type="button" id="sign-out" class="btn btn-quiet btn-small" onClick=${() => void signOut()}>Sign out</button>`}
    </div>
  </header>`;
}
