/** The local stack's SMS outbox page labels each text with the clinic that sent it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalPages, type LocalPagesServer } from '../../dev/local-pages';

let dir: string;
let pages: LocalPagesServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-page-'));
  const file = path.join(dir, 'sms-outbox.jsonl');
  const line = (extra: object, at: string, body: string) =>
    JSON.stringify({ id: `OUTBOX-${at}`, at, to: '+12125550147', body, idempotencyKey: `k-${at}`, ...extra });
  writeFileSync(
    file,
    [
      line({}, '2026-03-12T14:00:00.000Z', 'written before texts carried their clinic'),
      line({ clinicId: 'eastside', from: '+12125550100' }, '2026-03-12T15:00:00.000Z', 'from <Eastside>'),
    ].join('\n') + '\n',
  );
  pages = await startLocalPages(0, { outboxFile: file, links: { temporalUi: 'http://localhost:8233' } });
});

afterAll(async () => {
  await pages.close();
  rmSync(dir, { recursive: true, force: true });
});

it('shows the clinic (and its sender) of each text, and a dash for lines without one', async () => {
  const html = await (await fetch(`http://localhost:${pages.port}/outbox`)).text();
  expect(html).toContain('<th>Clinic</th>');
  const rows = html.split('<tr>').slice(2);
  expect(rows).toHaveLength(2);
  // Newest first: the Eastside text, then the older line without a clinic.
  expect(rows[0]).toContain('<td class="clinic">eastside<br><span class="muted">from +12125550100</span></td>');
  expect(rows[0]).toContain('from &lt;Eastside&gt;');
  expect(rows[1]).toContain('<td class="clinic"><span class="muted">—</span></td>');
});
