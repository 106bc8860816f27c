/**
 * Each channel of the client with a switch: off stops that channel's messages, on starts them
 * again. What the server refuses (a client who replied STOP, no consent) shows beside that channel.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, ApiError, enrollmentPath } from '../api.js';
import { channelLabel, channelState } from '../labels.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Badge } from './badge.js';

function ChannelSwitch({ workflowId, channel, state, ended }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const on = state === 'active';
  const shown = channelState(state);

  async function flip() {
    if (busy) return;
    setError('');
    setBusy(true);
    try {
      const res = await api('POST', enrollmentPath(workflowId, '/channels'), { channel, enabled: !on });
      if (res && res.phase) showStatus(workflowId, res);
      toast(`${channelLabel(channel)} switched ${on ? 'off' : 'on'} for this client.`);
      void refreshTimeline();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err.issues.length ? err.issues.map((i) => i.message).join(' ') : err.message);
    } finally {
      setBusy(false);
    }
  }

  const errorId = `channel-${channel}-error`;
  return html`<li class="channel-switch" data-channel=${channel}>
    <span class="channel-name">${channelLabel(channel)}</span>
    <${Badge} tone=${shown.tone}>${shown.label}<//>
    ${!ended &&
    html`<button type="button" class="btn btn-secondary btn-small" id=${`channel-${channel}-toggle`} disabled=${busy} aria-describedby=${error ? errorId : undefined} onClick=${() => void flip()}>
      ${busy ? 'Saving…' : on ? 'Switch off' : 'Switch on'}
    </button>`}
    <p class="field-error" id=${errorId} hidden=${!error}>${error}</p>
  </li>`;
}

export function ChannelSwitches({ workflowId, status, ended }) {
  const channels = status.channels || {};
  return html`<ul class="channel-switches" id="channel-switches">
    ${Object.keys(channels).map((c) => html`<${ChannelSwitch} key=${c} workflowId=${workflowId} channel=${c} state=${channels[c]} ended=${ended} />`)}
  </ul>`;
}
