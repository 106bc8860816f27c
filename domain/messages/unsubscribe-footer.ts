/**
 * The last lines of every client email: how to stop them, with the recipient's own one-click link
 * (the same one the List-Unsubscribe header carries), visible to anyone whose mail program shows
 * no unsubscribe button.
 */
import { link, p, type Block } from './email-document';

export function unsubscribeFooter(url: string | undefined): Block[] {
  if (!url) return [];
  return [p('You get these emails because of your aftercare. To stop them, unsubscribe here: ', link(url))];
}
