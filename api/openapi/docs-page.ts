/**
 * /docs: the OpenAPI document as one self-contained HTML page, rendered on the server. No script,
 * no style sheet and no font is fetched from anywhere; anchors per operation and schema.
 */
import { escapeHtml } from '../../domain/messages';
import { openApiDocument } from './document';

type Json = Record<string, unknown>;

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Json; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Json }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Escaped text with `code` spans (the only markdown the descriptions use). */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function schemaName(schema: Json | undefined): string {
  const r = schema?.$ref;
  if (typeof r === 'string') return r.split('/').pop()!;
  if (schema?.type === 'array') return `${schemaName((schema.items as Json) ?? {})}[]`;
  return String(schema?.type ?? '');
}

function schemaLink(name: string, known: Record<string, unknown>): string {
  const base = name.replace(/\[\]$/, '');
  return base && known[base] ? `<a href="#schema-${escapeHtml(base)}">${escapeHtml(name)}</a>` : escapeHtml(name);
}

function operationHtml(method: string, path: string, op: Operation, schemas: Record<string, unknown>): string {
  const id = op.operationId ?? `${method}-${path}`;
  const params = (op.parameters ?? [])
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`)
    .join('');
  const body = op.requestBody
    ? Object.entries(op.requestBody.content)
        .map(
          ([type, c]) =>
            `<p><strong>Body</strong> (${escapeHtml(type)}${op.requestBody!.required ? '' : ', optional'}): ${schemaLink(schemaName(c.schema), schemas)}</p>` +
            (c.example !== undefined ? `<pre>${escapeHtml(JSON.stringify(c.example, null, 2))}</pre>` : ''),
        )
        .join('')
    : '';
  const responses = Object.entries(op.responses)
    .map(([code, r]) => {
      const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
      return `<tr><td><code>${escapeHtml(code)}</code></td><td>${escapeHtml(r.description)}</td><td>${schema ? schemaLink(schemaName(schema), schemas) : ''}</td></tr>`;
    })
    .join('');
  return `<section id="op-${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}${op.security && op.security.length === 0 ? ' <span class="muted">(no API key)</span>' : ''}</p>
${op.description ? `<p class="muted">${prose(op.description)}</p>` : ''}
${params ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th></th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body}
<table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

const STYLE = `body { font: 15px/1.45 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #e3e6ea; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
section { margin: 1.6rem 0; } a { color: #2456a6; } .muted { color: #5b6573; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; }
th { font-size: .78rem; text-transform: uppercase; color: #5b6573; }
pre { background: #f5f7f9; padding: .7rem; overflow-x: auto; font-size: .85rem; }
.method { display: inline-block; min-width: 3.4rem; text-align: center; border-radius: 4px; color: #fff; font-size: .8rem; padding: .1rem .3rem; }
.get { background: #2f7d4f; } .post { background: #2456a6; }`;

let page: string | undefined;

export function docsPage(): string {
  if (page) return page;
  const doc = openApiDocument() as unknown as { info: { title: string; description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
  const schemas = doc.components.schemas;
  const toc: string[] = [];
  const ops: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      toc.push(`<li><a href="#op-${escapeHtml(op.operationId ?? `${method}-${path}`)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> — ${escapeHtml(op.summary ?? '')}</li>`);
      ops.push(operationHtml(method, path, op, schemas));
    }
  }
  const schemaSections = Object.entries(schemas)
    .map(([name, schema]) => `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`)
    .join('\n');
  page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.info.title)}</title>
<style>
${STYLE}
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>${prose(doc.info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${toc.join('\n')}</ul>
${ops.join('\n')}
<h2>Schemas</h2>
${schemaSections}
</body></html>`;
  return page;
}
