/** URLs that people type into settings: a clinic's booking page, the public base URL, the SMTP server. */

export const WEB_URL_HINT = 'must be an http:// or https:// URL';

/** Whether `text` is an absolute URL with one of `protocols` (`'https:'`, with the colon) and a host. */
export function isUrlWith(text: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Whether `text` is a web address (http or https) with a host. */
export function isWebUrl(text: string): boolean {
  return isUrlWith(text, ['http:', 'https:']);
}

/** A client's page in the front desk (the page's `#/client/<workflowId>` route), or the desk itself. */
export function clientPageUrl(base: string, workflowId: string | undefined): string {
  const root = base.replace(/\/+$/, '');
  return workflowId ? `${root}/#/client/${encodeURIComponent(workflowId)}` : `${root}/`;
}
