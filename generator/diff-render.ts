/**
 * The two forms of a diff report (generator/diff.ts): Markdown for people, JSON for CI (the
 * report's own key order, fixed by construction, two-space indent).
 */
import type { DiffReport, OperationChanges } from './diff.js';
import { describeSchemaChange, type SchemaChange } from './diff-schemas.js';

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function operationLines(c: OperationChanges): string[] {
  const lines: string[] = [];
  if (c.fromName) lines.push(`operationId renamed ${code(c.fromName)} → ${code(c.name)}`);
  if (c.deprecated !== null) lines.push(c.deprecated ? '**deprecated**' : 'no longer deprecated');
  if (c.fromPath !== c.path) lines.push(`path ${code(c.fromPath)} → ${code(c.path)}`);
  for (const p of c.pathParameters) {
    if (p.change === 'retyped') lines.push(`path parameter ${code(`{${p.name}}`)} retyped ${p.from} → ${p.to}`);
  }
  for (const p of c.parameters) {
    if (p.change === 'added') lines.push(`query ${code(p.name)} added (${p.to}${p.required ? ', **required**' : ''})`);
    else if (p.change === 'removed') lines.push(`query ${code(p.name)} **removed**`);
    else if (p.change === 'retyped') lines.push(`query ${code(p.name)} retyped ${p.from} → ${p.to}`);
    else if (p.change === 'newly-required') lines.push(`query ${code(p.name)} **now required**`);
    else lines.push(`query ${code(p.name)} no longer required`);
  }
  if (c.requestBody) {
    if (c.requestBody.body) lines.push(`request body ${c.requestBody.body}${c.requestBody.contentType ? ` (${c.requestBody.contentType})` : ''}`);
    if (c.requestBody.properties.length) lines.push(`request body: ${summariseSchemaChanges(c.requestBody.properties)}`);
  }
  if (c.response) {
    if (c.response.response) lines.push(`response: ${c.response.response}`);
    if (c.response.properties.length) lines.push(`response: ${summariseSchemaChanges(c.response.properties)}`);
  }
  return lines;
}

/** At most a handful of property changes spelled out, the rest counted. */
export function summariseSchemaChanges(changes: SchemaChange[], limit = 6): string {
  const substantive = changes.filter((c) => c.change !== 'nullability');
  const shown = substantive.slice(0, limit).map(describeSchemaChange);
  const rest = substantive.length - shown.length;
  const nullability = changes.length - substantive.length;
  const parts = [...shown];
  if (rest > 0) parts.push(`and ${rest} more (see the JSON report)`);
  if (nullability > 0) parts.push(`${nullability} nullability change${nullability === 1 ? '' : 's'}`);
  return parts.join('; ');
}

export function renderDiffMarkdown(report: DiffReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Intercom API ${report.from} → ${report.to}`, '');
  if (s.v1) {
    out.push(
      report.ok
        ? `**v1 bindings: all resolve** (${s.v1.changed} changed, ${s.v1.unchanged} unchanged, ${s.v1.unavailable} marked unavailable).`
        : `**v1 bindings: ${s.v1.broken} BROKEN** — generation fails until each is fixed in \`operations/\` (see below).`,
      '',
    );
  }
  out.push(
    '| | count |',
    '|---|---|',
    `| operations | ${s.operations.from} → ${s.operations.to} |`,
    `| added | ${s.added} |`,
    `| removed | ${s.removed} |`,
    `| operationId renamed | ${s.renamed} |`,
    `| changed (any of the below) | ${s.changed} |`,
    `| changed in a way that can break existing params | ${s.breaking} |`,
    `| path parameters renamed (same URL) | ${s.pathParametersRenamed} |`,
    `| path parameters retyped | ${s.pathParametersRetyped} |`,
    `| path keys gone (renamed + removed) | ${s.pathKeysChanged} |`,
    '',
  );

  if (report.v1) {
    out.push('## v1 operations', '');
    const interesting = report.v1.filter((r) => r.status !== 'unchanged');
    if (!interesting.length) out.push(`No v1 binding changed (${report.v1.length} checked).`, '');
    for (const r of interesting) {
      const head =
        r.status === 'broken'
          ? `- **${r.name}: BROKEN**`
          : r.status === 'unavailable'
            ? `- ${code(r.name)}: unavailable in ${report.to} (${r.unavailable})`
            : `- ${code(r.name)}: binding changed`;
      out.push(head);
      for (const call of r.calls) {
        if (call.broken) out.push(`  - ${code(call.target)}: ${call.broken}`);
        for (const line of call.changes) out.push(`  - ${code(call.target)}: ${line}`);
      }
    }
    if (interesting.length) out.push('');
  }

  if (report.renamed.length) {
    out.push('## Operations renamed', '', '| method | path | from | to |', '|---|---|---|---|');
    for (const r of report.renamed) out.push(`| ${r.method} | ${code(r.path)} | ${code(r.from)} | ${code(r.to)} |`);
    out.push('');
  }
  if (report.added.length) {
    out.push('## Operations added', '', '| name | method | path |', '|---|---|---|');
    for (const r of report.added) out.push(`| ${code(r.name)} | ${r.method} | ${code(r.path)} |`);
    out.push('');
  }
  if (report.removed.length) {
    out.push('## Operations removed', '', '| name | method | path |', '|---|---|---|');
    for (const r of report.removed) out.push(`| ${code(r.name)} | ${r.method} | ${code(r.path)} |`);
    out.push('');
  }

  const renames = report.changed.filter((c) => c.pathParameters.some((p) => p.change === 'renamed'));
  if (renames.length) {
    out.push(
      '## Path parameters renamed',
      '',
      'Same URLs, new parameter names: callers of these API operations pass the new names; v1 operations fill path parameters by position and are not affected.',
      '',
      '| operation | method | from | to |',
      '|---|---|---|---|',
    );
    for (const c of renames) out.push(`| ${code(c.name)} | ${c.method} | ${code(c.fromPath)} | ${code(c.path)} |`);
    out.push('');
  }

  const other = report.changed.map((c) => [c, operationLines(c).filter((l) => !l.startsWith('path `'))] as const).filter(([, lines]) => lines.length);
  if (other.length) {
    out.push('## Other changes per operation', '');
    for (const [c, lines] of other) {
      out.push(`- ${code(c.name)} (${c.method} ${code(c.path)})${c.breaking ? ' — **may break existing params**' : ''}`);
      for (const line of lines) out.push(`  - ${cell(line)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** JSON for CI: the report's own key order (fixed by construction), two-space indent. */
export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
