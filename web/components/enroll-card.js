/** The enrolment card: the form, and the plan of the client just enrolled above it. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { addPendingRow, refreshClients } from '../state/clients.js';
import { useClinic } from '../state/clinics.js';
import { toast } from '../state/toast.js';
import { EnrollForm } from './enroll-form.js';
import { EnrollResult } from './enroll-result.js';

export function EnrollCard() {
  const { name } = useClinic();
  const [result, setResult] = useState(null);

  const enrolled = (res, body) => {
    const workflowId = res.workflowId;
    const plan = Array.isArray(res.plan) ? res.plan : [];
    setResult({
      workflowId,
      plan,
      clientRef: body.clientRef,
      sessionNumber: body.session.number,
      clinicName: name || body.clinicId,
      zone: body.client.timezone,
    });
    addPendingRow({
      workflowId,
      clinicId: body.clinicId,
      clientRef: body.clientRef,
      sessionNumber: body.session.number,
      phase: 'enrolled',
      nextStepAt: plan[0] ? plan[0].sendAt : null,
      nextStep: plan[0] ? { id: plan[0].step, sendAt: plan[0].sendAt } : null,
      bookingStatus: null,
      deliveryProblem: 'none',
    });
    void refreshClients();
    toast(`${body.clientRef} enrolled. The welcome message goes out within minutes.`);
  };

  return html`<section class="card enroll-card" id="enroll" aria-labelledby="enroll-title">
    <div class="card-head">
      <h1 id="enroll-title">Enroll a client</h1>
      <p class="card-lead">
        Right after the treatment session. The client gets the welcome message within minutes and the rest of the aftercare plan over the next month, in
        their own time zone.
      </p>
    </div>
    <${EnrollResult} result=${result} onDismiss=${() => setResult(null)} />
    <${EnrollForm} onEnrolled=${enrolled} />
  </section>`;
}
