/**
 * The fixed document → TypeScript types, through openapi-typescript's Node API. The document is
 * the one loaded with spec/fixes applied (openapi-typescript fails on the unmodified 2.7–2.11
 * files: they reference an undefined `custom_attributes` schema).
 */
import openapiTS, { astToString } from 'openapi-typescript';

export async function renderTypes(document: Record<string, any>): Promise<string> {
  // openapi-typescript annotates the object it is given; it gets its own copy.
  const ast = await openapiTS(structuredClone(document) as any, { silent: true });
  return astToString(ast);
}
