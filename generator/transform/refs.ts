/** Local `$ref` resolution for the non-schema objects of a description (parameters, bodies, responses). */

type Document = Record<string, any>;

/** Follows `#/components/<kind>/<name>` refs until a concrete object; throws on anything else. */
export function deref<T = Record<string, any>>(document: Document, node: unknown, where: string): T {
  let current: any = node;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/') || hops > 20) throw new Error(`${where}: cannot resolve $ref ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<any>((obj, key) => (obj == null ? undefined : obj[key]), document);
    if (current === undefined) throw new Error(`${where}: $ref ${ref} points to nothing`);
  }
  return current as T;
}

/** Same as deref, but for schemas: follows component refs so a caller can look at properties. */
export function derefSchema(document: Document, schema: unknown): Record<string, any> | undefined {
  try {
    return deref(document, schema, 'schema');
  } catch {
    return undefined;
  }
}
