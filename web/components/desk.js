/**
 * The desk itself, once someone is signed in: enrol, the clients, the inbox of their texts, a file
 * of clients to import, one client's timeline; for owners and administrators also the clinic's settings, staff, API keys and
 * audit log. Its data loads and refreshes only while it is on screen. The clinic's numbers
 * (`#/numbers`) show in place of the cards.
 */
import { useEffect } from 'preact/hooks';
import { html } from '../lib/html.js';
import { clearSearch, forgetRows, refreshClients } from '../state/clients.js';
import { clinicId, loadClinics } from '../state/clinics.js';
import { forgetInbox, refreshInbox } from '../state/inbox.js';
import { followNumbersAddress, NUMBERS_HASH, numbersOpen } from '../state/numbers.js';
import { keepFresh } from '../state/refresh.js';
import { canManage, useSession } from '../state/session.js';
import { useStore } from '../state/store.js';
import { loadLanguages } from '../state/languages.js';
import { loadSteps } from '../state/steps.js';
import { course, followCourseAddress, refreshCourse } from '../state/course.js';
import { followAddress, refreshTimeline, timeline } from '../state/timeline.js';
import { AuditCard } from './audit-card.js';
import { ClientList } from './client-list.js';
import { ClinicsCard } from './clinics-card.js';
import { CourseDrawer } from './course.js';
import { EnrollCard } from './enroll-card.js';
import { ImportCard } from './import-card.js';
import { InboxCard } from './inbox-card.js';
import { KeysCard } from './keys-card.js';
import { NumbersView } from './numbers-view.js';
import { SignInDialog } from './sign-in-dialog.js';
import { StaffCard } from './staff-card.js';
import { Timeline } from './timeline.js';
import { Topbar } from './topbar.js';

export function Desk() {
  const { me } = useSession();
  const manager = canManage(me);
  const showNumbers = useStore(numbersOpen);

  // Back from the numbers to a section of the desk (#clients...): the browser looked for it
  // before the desk's cards were on screen, so go there now that they are.
  useEffect(() => {
    if (showNumbers || !/^#[A-Za-z][\w-]*$/.test(location.hash)) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [showNumbers]);

  useEffect(() => {
    let stopRefresh = () => undefined;
    void loadSteps();
    void loadLanguages();
    void loadClinics().then(() => {
      void refreshClients();
      void refreshInbox();
      followAddress();
      followCourseAddress();
      stopRefresh = keepFresh(() =>
        Promise.allSettled([refreshClients(), refreshInbox(), timeline.get().id ? refreshTimeline() : null, course.get().clientRef ? refreshCourse() : null]),
      );
    });
    // Another clinic: its own clients.
    const stopClinic = clinicId.subscribe(() => {
      forgetRows();
      forgetInbox();
      clearSearch();
      void refreshClients();
      void refreshInbox();
    });
    window.addEventListener('hashchange', followAddress);
    window.addEventListener('hashchange', followCourseAddress);
    window.addEventListener('hashchange', followNumbersAddress);
    return () => {
      stopRefresh();
      stopClinic();
      window.removeEventListener('hashchange', followAddress);
      window.removeEventListener('hashchange', followCourseAddress);
      window.removeEventListener('hashchange', followNumbersAddress);
    };
  }, []);

  if (showNumbers) {
    return html`<${Topbar} />
      <main>
        <div class="layout layout-numbers"><${NumbersView} /></div>
      </main>
      <${SignInDialog} />`;
  }

  return html`<a class="skip-link" href="#clients">Skip to the client list</a>
    <${Topbar} />
    <main>
      <p class="numbers-way-in"><a href=${NUMBERS_HASH} id="numbers-way-in">The clinic's numbers</a></p>
      <div class="layout">
        <${EnrollCard} />
        <${ClientList} />
      </div>
      <div class="layout layout-stack">
        <${InboxCard} />
        <${ImportCard} />
      </div>
      ${manager &&
      html`<div class="layout layout-stack">
        <${ClinicsCard} />
        <${StaffCard} />
        <${KeysCard} />
        <${AuditCard} />
      </div>`}
    </main>
    <${Timeline} />
    <${CourseDrawer} />
    <${SignInDialog} />`;
}
