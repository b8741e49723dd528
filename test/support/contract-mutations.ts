/**
 * Negative cases derived from the OFFICIAL description (not from our paramsSchemas), so a
 * constraint our generator lost shows up as "ours accepts, Prism flags". For one operation and a
 * valid base params object, at most one mutation per kind:
 *
 * | location | kind            | mutation                                                  |
 * |----------|-----------------|-----------------------------------------------------------|
 * | path     | type            | an integer/number/boolean path parameter gets a word      |
 * | query    | required        | a required query parameter is left out                    |
 * | query    | enum            | an enum query parameter gets a value outside the enum     |
 * | query    | type            | an integer/number/boolean query parameter gets a word     |
 * | body     | required        | a required top-level body property is left out            |
 * | body     | enum            | an enum body property gets a value outside the enum       |
 * | body     | type            | a scalar body property gets a value of another JSON type  |
 *
 * Values are chosen so that our documented coercion ("42" → 42 where unambiguous) cannot turn
 * them valid: words for numbers/booleans, an object for strings.
 */

type Document = Record<string, any>;

export type MutationLocation = 'path' | 'query' | 'body';

export interface Mutation {
  /** e.g. "setAwayAdmin path.id type". */
  id: string;
  operation: string;
  location: MutationLocation;
  kind: 'required' | 'enum' | 'type';
  /** Parameter name, or `$body.<property>`. */
  target: string;
  description: string;
  params: Record<string, unknown>;
}

const NOT_IN_ENUM = 'zz-not-in-enum';

/**
 * Follows local `$ref`s. An unresolved one reads as `{}` (anything): the upstream 2.7–2.11 files
 * reference `custom_attributes` without defining it, and mutations are also derived from them.
 */
export function derefDoc(document: Document, node: unknown): Document {
  let current = node as Document;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    let next: any = document;
    for (const raw of current.$ref.replace(/^#\//, '').split('/')) next = next?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (next === undefined) return {};
    current = next;
  }
  return current ?? {};
}

function scalarType(document: Document, schema: unknown): string | undefined {
  const s = derefDoc(document, schema);
  if (s.oneOf || s.anyOf || s.allOf) return undefined;
  return typeof s.type === 'string' ? s.type : undefined;
}

function wrongValue(type: string): unknown {
  if (type === 'integer' || type === 'number') return 'zz-not-a-number';
  if (type === 'boolean') return 'zz-not-a-boolean';
  if (type === 'string') return { zz: 'not-a-string' };
  return undefined;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Spec operation object for method + path (path template exactly as the registry has it). */
export function specOperation(document: Document, method: string, path: string): { pathItem: Document; operation: Document } {
  const pathItem = document.paths?.[path];
  const operation = pathItem?.[method.toLowerCase()];
  if (!operation) throw new Error(`spec has no ${method} ${path}`);
  return { pathItem, operation };
}

export function deriveMutations(
  document: Document,
  entry: { name: string; method: string; path: string },
  base: Record<string, unknown>,
): Mutation[] {
  const { pathItem, operation } = specOperation(document, entry.method, entry.path);
  const byKey = new Map<string, Document>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = derefDoc(document, raw);
    byKey.set(`${p.in}:${p.name}`, p);
  }
  const parameters = [...byKey.values()];
  const out: Mutation[] = [];
  const add = (m: Omit<Mutation, 'id' | 'operation'>) => {
    if (out.some((o) => o.location === m.location && o.kind === m.kind)) return;
    out.push({ ...m, id: `${entry.name} ${m.location}.${m.target.replace(/^\$body\./, '')} ${m.kind}`, operation: entry.name });
  };

  for (const p of parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const schema = derefDoc(document, p.schema ?? {});
    const type = scalarType(document, schema);
    const where = p.in as MutationLocation;
    if (where === 'query' && p.required === true && p.name in base) {
      const params = clone(base);
      delete params[p.name];
      add({ location: where, kind: 'required', target: p.name, description: `required query parameter ${p.name} left out`, params });
    }
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      add({ location: where, kind: 'enum', target: p.name, description: `${p.name} = "${NOT_IN_ENUM}" (enum ${schema.enum.join('|')})`, params: { ...clone(base), [p.name]: NOT_IN_ENUM } });
    }
    if (type && type !== 'string' && type !== 'object' && type !== 'array') {
      add({ location: where, kind: 'type', target: p.name, description: `${p.name} (${type}) = "${wrongValue(type)}"`, params: { ...clone(base), [p.name]: wrongValue(type) } });
    }
  }

  const json = operation.requestBody ? derefDoc(document, operation.requestBody).content?.['application/json'] : undefined;
  const body = json?.schema ? derefDoc(document, json.schema) : undefined;
  const baseBody = base.$body;
  if (body && !body.oneOf && !body.anyOf && baseBody && typeof baseBody === 'object' && !Array.isArray(baseBody)) {
    const properties = (body.properties ?? {}) as Record<string, unknown>;
    for (const name of (body.required ?? []) as string[]) {
      if (!(name in (baseBody as object))) continue;
      const params = clone(base);
      delete (params.$body as Record<string, unknown>)[name];
      add({ location: 'body', kind: 'required', target: `$body.${name}`, description: `required body property ${name} left out`, params });
    }
    for (const [name, raw] of Object.entries(properties)) {
      if (!(name in (baseBody as object))) continue;
      const schema = derefDoc(document, raw);
      if (Array.isArray(schema.enum) && schema.enum.length > 0 && !schema.enum.includes(null)) {
        const params = clone(base);
        (params.$body as Record<string, unknown>)[name] = NOT_IN_ENUM;
        add({ location: 'body', kind: 'enum', target: `$body.${name}`, description: `$body.${name} = "${NOT_IN_ENUM}" (enum ${schema.enum.join('|')})`, params });
      }
      const type = scalarType(document, schema);
      const wrong = type ? wrongValue(type) : undefined;
      if (wrong !== undefined && schema.nullable !== true) {
        const params = clone(base);
        (params.$body as Record<string, unknown>)[name] = wrong;
        add({ location: 'body', kind: 'type', target: `$body.${name}`, description: `$body.${name} (${type}) = ${JSON.stringify(wrong)}`, params });
      }
    }
  }
  return out;
}
