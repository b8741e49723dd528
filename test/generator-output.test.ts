/**
 * Which stray files in an output folder the generator deletes (generator/output.ts): only
 * precompiled validator modules it wrote itself, never a user's file of the same name.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsHeader, tsSetHeader, TS_HEADER_START } from '../generator/header.js';
import { isReplaceableOutput, removeFiles } from '../generator/output.js';

const out = mkdtempSync(join(tmpdir(), 'intercom-ops-output-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function write(name: string, content: string): void {
  mkdirSync(join(out, name, '..'), { recursive: true });
  writeFileSync(join(out, name), content);
}

describe('stray output files', () => {
  const generated = `${tsHeader({ version: '2.10', sha256: '0'.repeat(64) })}export default {};\n`;

  it('every TypeScript header starts the way the deletion check looks for', () => {
    expect(tsHeader({ version: '2.10', sha256: 'abc' }).startsWith(TS_HEADER_START)).toBe(true);
    expect(tsSetHeader().startsWith(TS_HEADER_START)).toBe(true);
  });

  it('a precompiled validator the generator wrote is replaceable; a file of the same name without its header is not', () => {
    write('validators.ts', generated);
    write('validators/0123456789abcdef.ts', generated);
    write('2.10/validators/0123456789abcdef.ts', generated);
    write('forms/validators.ts', 'export const mine = 1;\n');
    write('validators/fedcba9876543210.ts', '// my own notes\n');
    expect(isReplaceableOutput(out, 'validators.ts')).toBe(true);
    expect(isReplaceableOutput(out, 'validators/0123456789abcdef.ts')).toBe(true);
    expect(isReplaceableOutput(out, '2.10/validators/0123456789abcdef.ts')).toBe(true);
    expect(isReplaceableOutput(out, 'forms/validators.ts')).toBe(false);
    expect(isReplaceableOutput(out, 'validators/fedcba9876543210.ts')).toBe(false);
    // Other names are never replaceable, whatever they hold; a missing file neither.
    write('registry.ts', generated);
    expect(isReplaceableOutput(out, 'registry.ts')).toBe(false);
    expect(isReplaceableOutput(out, 'validators/00000000000000aa.ts')).toBe(false);
  });

  it('removing files deletes a folder they leave empty, and only that', () => {
    removeFiles(out, ['2.10/validators/0123456789abcdef.ts']);
    expect(existsSync(join(out, '2.10'))).toBe(true);
    expect(existsSync(join(out, '2.10', 'validators'))).toBe(false);
    removeFiles(out, ['validators/0123456789abcdef.ts']);
    // The user's file is still in it: the folder stays.
    expect(existsSync(join(out, 'validators', 'fedcba9876543210.ts'))).toBe(true);
  });
});
