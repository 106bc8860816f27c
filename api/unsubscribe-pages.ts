/**
 * The pages a client sees at an unsubscribe link: the one that performs it (its small script posts
 * the form at once; without scripts, the button does), the answer once done, and the refusal of a
 * link that is not ours. Plain HTML, no inline script (the CSP allows none), nothing personal.
 */
import { escapeHtml } from '../domain/html';

/** Where the page's script is served (api/routes/unsubscribe.ts): outside the tokens' path. */
export const UNSUBSCRIBE_SCRIPT_PATH = '/unsubscribe.js';

/** Submits the page's form once it is there: opening the link is the click. */
export const UNSUBSCRIBE_SCRIPT = `'use strict';
const form = document.getElementById('unsubscribe');
if (form && form.dataset.auto === 'yes') {
  form.dataset.auto = 'sent';
  form.submit();
}
`;

const STYLE = 'body{margin:0;padding:32px 16px;background:#f5f5f3;font:16px/1.5 Arial,Helvetica,sans-serif;color:#222}main{max-width:480px;margin:0 auto;background:#fff;padding:24px;border-radius:8px}h1{font-size:20px;margin:0 0 12px}button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #1a5f7a;background:#1a5f7a;color:#fff;cursor:pointer}';

function page(title: string, body: string, script = false): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style>`,
    script ? `<script src="${UNSUBSCRIBE_SCRIPT_PATH}" defer></script>` : '',
    `</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    '',
  ].join('\n');
}

/** The link's own page: posts to itself (the form's empty action is the page's URL). */
export function unsubscribePage(clinicName: string): string {
  return page(
    'Unsubscribe from aftercare emails',
    `<p>Stopping the aftercare emails from ${escapeHtml(clinicName)}&hellip;</p>` +
      '<form id="unsubscribe" method="post" data-auto="yes">' +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      '<p>If nothing happens, press the button:</p><p><button type="submit">Unsubscribe</button></p></form>',
    true,
  );
}

export function unsubscribedPage(clinicName: string): string {
  return page(
    'You are unsubscribed',
    `<p>You will get no more aftercare emails from ${escapeHtml(clinicName)}.</p>` +
      '<p>Texts, if you get them, are not affected: reply STOP to one to end those too. To get emails again, ask the clinic.</p>',
  );
}

export function invalidLinkPage(): string {
  return page('This link does not work', '<p>This unsubscribe link is not valid. Please use the link from your most recent aftercare email, or contact your clinic.</p>');
}
