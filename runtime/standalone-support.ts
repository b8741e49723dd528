/**
 * What Ajv's standalone validator code calls at run time (the generator's precompiled validators,
 * generated/<version>/validators/): Ajv's string length (in code points, as JSON Schema counts) and
 * ajv-formats' format checks. Each is one small file of Ajv or ajv-formats, not Ajv itself.
 */
import * as ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import * as formatsModule from 'ajv-formats/dist/formats.js';

// Both are CommonJS modules that set `__esModule`: Node's ESM import gives `module.exports` as the
// default (so the function is at `.default.default`), and so does esbuild for this package (an ES
// module package); a bundler that honours `__esModule` gives `exports.default` itself.
const ucs2lengthExport: unknown = ucs2lengthModule.default;

export const ucs2length = (
  typeof ucs2lengthExport === 'function' ? ucs2lengthExport : (ucs2lengthExport as { default: unknown }).default
) as (text: string) => number;

export const fullFormats = formatsModule.fullFormats;
