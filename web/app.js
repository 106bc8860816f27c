/**
 * The front desk: sign in, enrol a client after a session, follow every client's aftercare, act
 * on one client or the whole clinic; owners also run their clinic's staff, API keys and audit log.
 * Preact components written with htm, loaded as ES modules straight from the server (no build
 * step, nothing from another origin). Everything from the server or the user is rendered as text
 * by Preact; no markup is ever built from strings.
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { html } from './lib/html.js';
import { Desk } from './components/desk.js';
import { InvitePage, ResetPage } from './components/link-pages.js';
import { SignInScreen } from './components/sign-in-screen.js';
import { Toast } from './components/toast.js';
import { followRoute, route } from './state/route.js';
import { checkSession, useSession } from './state/session.js';
import { useStore } from './state/store.js';

function Screen() {
  const { page, token } = useStore(route);
  const { state } = useSession();
  if (page === 'reset') return html`<${ResetPage} token=${token} />`;
  if (page === 'invite') return html`<${InvitePage} token=${token} />`;
  if (state === 'checking') return html`<p class="auth-checking muted" role="status">Opening the front desk…</p>`;
  if (state === 'signed-out') return html`<${SignInScreen} />`;
  return html`<${Desk} />`;
}

function App() {
  useEffect(() => {
    void checkSession();
    window.addEventListener('hashchange', followRoute);
    return () => window.removeEventListener('hashchange', followRoute);
  }, []);
  return html`<${Screen} /><${Toast} />`;
}

render(html`<${App} />`, document.getElementById('app'));
