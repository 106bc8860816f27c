import { html } from '../lib/html.js';
import { connection } from '../api.js';
import { keyPrompt, signOut } from '../state/api-key.js';
import { useStore } from '../state/store.js';
import { BrandMark } from './icons.js';

export function Topbar({ onSignedInAgain }) {
  const { ok, text } = useStore(connection);
  const { signedIn } = useStore(keyPrompt);
  return html`<header class="topbar">
    <div class="brand">
      <${BrandMark} />
      <span class="brand-name">Aftercare</span>
      <span class="brand-sub">Front desk</span>
    </div>
    <nav class="topnav" aria-label="Sections">
      <a href="#enroll">Enroll</a>
      <a href="#clients">Clients</a>
      <a href="#clinics">Clinics</a>
    </nav>
    <div class="topbar-end">
      <span id="connection" class=${`connection ${ok ? 'connection-ok' : 'connection-down'}`} role="status" aria-live="polite">${text}</span>
      <button type="button" id="sign-out" class="btn btn-quiet btn-small" hidden=${!signedIn} onClick=${() => void signOut().then(onSignedInAgain)}>
        Sign out
      </button>
    </div>
  </header>`;
}
