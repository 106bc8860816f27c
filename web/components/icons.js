/** The page's few icons, drawn inline (no icon font, nothing fetched). */
import { html } from '../lib/html.js';

export const RefreshIcon = () =>
  html`<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M16.5 10a6.5 6.5 0 1 1-1.9-4.6M16.5 3.5v3.5H13" /></svg>`;

export const CloseIcon = () => html`<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M5 5l10 10M15 5L5 15" /></svg>`;

export const WarnIcon = () =>
  html`<svg class="icon icon-warn" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M10 3l8 14H2L10 3zm0 5v4m0 2.5v.5" /></svg>`;

export const CheckIcon = () =>
  html`<svg class="result-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="11" /><path d="M7 12.5l3.2 3.2L17 9" /></svg>`;

export const BrandMark = () =>
  html`<svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" /><path d="M9 17.5l4.5 4.5L23 11" /></svg>`;
