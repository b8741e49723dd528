/**
 * The `Intercom-Version` header value a description declares for itself: the default of the
 * schema its operations' `Intercom-Version` header parameter uses (Preview declares `Preview`,
 * while another of its schemas says `preview`; the operations' parameter is what requests send),
 * else `info.version`, else the pinned version's name.
 */
import { derefObject } from '../runtime/json-pointer.js';
import type { Document, SpecModel } from '../spec/model.js';

function schemaDefault(document: Document, schema: unknown): string | null {
  const value = derefObject(document, schema)?.default;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function declaredIntercomVersion(model: SpecModel): string {
  const counts = new Map<string, number>();
  for (const operation of model.operations) {
    const header = operation.parameters.find((p) => p.in === 'header' && String(p.name).toLowerCase() === 'intercom-version');
    const value = header ? schemaDefault(model.document, header.schema) : null;
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  // The value most operations declare (in practice they all share one schema).
  const declared = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const info = model.document.info?.version;
  return declared ?? (typeof info === 'string' && info.trim() ? info.trim() : model.version);
}
