/**
 * The front desk: enrol a client after a session, follow every client's aftercare, open one
 * client's timeline, record a booking, cancel; add and edit the clinics. Preact components written with htm, loaded as ES
 * modules straight from the server (no build step, nothing from another origin). Everything from
 * the server or the user is rendered as text by Preact; no markup is ever built from strings.
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { html } from './lib/html.js';
import { ClientList } from './components/client-list.js';
import { ClinicsCard } from './components/clinics-card.js';
import { EnrollCard } from './components/enroll-card.js';
import { KeyPrompt } from './components/key-prompt.js';
import { Timeline } from './components/timeline.js';
import { Toast } from './components/toast.js';
import { Topbar } from './components/topbar.js';
import { storedKey } from './state/api-key.js';
import { forgetRows, refreshClients } from './state/clients.js';
import { clinicId, loadClinics } from './state/clinics.js';
import { keepFresh } from './state/refresh.js';
import { loadSteps } from './state/steps.js';
import { followAddress, refreshTimeline, timeline } from './state/timeline.js';

function App() {
  useEffect(() => {
    let stopRefresh = () => undefined;
    void loadSteps();
    void loadClinics().then(() => {
      void refreshClients();
      followAddress();
      stopRefresh = keepFresh(() => Promise.allSettled([refreshClients(), timeline.get().id ? refreshTimeline() : null]));
    });
    // Another clinic: its own clients.
    const stopClinic = clinicId.subscribe(() => {
      forgetRows();
      void refreshClients();
    });
    const onVisible = () => {
      if (!document.hidden && storedKey()) void refreshClients();
    };
    window.addEventListener('hashchange', followAddress);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopRefresh();
      stopClinic();
      window.removeEventListener('hashchange', followAddress);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  return html`<a class="skip-link" href="#clients">Skip to the client list</a>
    <${Topbar} onSignedInAgain=${() => void refreshClients()} />
    <main class="layout">
      <${EnrollCard} />
      <${ClientList} />
      <${ClinicsCard} />
    </main>
    <${Timeline} />
    <${KeyPrompt} />
    <${Toast} />`;
}

render(html`<${App} />`, document.getElementById('app'));
