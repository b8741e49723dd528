/**
 * Dependencies point one way: the runtime never imports the v1 catalog (operations/), the
 * generated output or the package entry, and no module anywhere computes an import specifier
 * (a computed `import()` hides a dependency from the compiler and from bundlers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as PACKAGE_ROOT } from '../spec/repo-root.js';

const SOURCE_DIRS = ['runtime', 'operations', 'entry', 'cli', 'tools', 'generator', 'spec', 'bench', 'packaging', 'generated'];

function sources(dir: string): string[] {
  return readdirSync(join(PACKAGE_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(PACKAGE_ROOT, dir, file));
}

interface Specifier {
  text: string | null;
  dynamic: boolean;
}

/** Every import/export specifier of a module, and each `import()` (text null when computed). */
function specifiers(file: string): Specifier[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Specifier[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ text: node.moduleSpecifier.text, dynamic: false });
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push({ text: argument && ts.isStringLiteral(argument) ? argument.text : null, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('module layers', () => {
  it('runtime/ imports neither operations/, generated/ nor entry/', () => {
    const problems: string[] = [];
    for (const file of sources('runtime')) {
      for (const { text } of specifiers(file)) {
        // Resolved, so a module in a subfolder (runtime/rate-limit/) is held to the same rule.
        const top = text?.startsWith('.') ? relative(PACKAGE_ROOT, resolve(dirname(file), text)).split(/[\\/]/)[0] : null;
        if (top !== null && top !== 'runtime') problems.push(`${relative(PACKAGE_ROOT, file)} imports ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no import specifier is computed', () => {
    const files = SOURCE_DIRS.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    const computed = files.filter((file) => specifiers(file).some((s) => s.dynamic && s.text === null)).map((file) => relative(PACKAGE_ROOT, file));
    // The one exception: optional peers, which bundlers must not try to include.
    expect(computed).toEqual([join('runtime', 'optional-peer.ts')]);
  });

  it('the package entry is the composition module', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/entry/index.d.ts', default: './dist/bundle/entry/index.js' });
    expect(pkg.main).toBe('./dist/bundle/entry/index.js');
    expect(specifiers(join(PACKAGE_ROOT, 'entry', 'index.ts')).map((s) => s.text)).toContain('./compose.js');
    const imports = specifiers(join(PACKAGE_ROOT, 'entry', 'compose.ts')).map((s) => s.text);
    expect(imports).toContain('../operations/index.js');
    expect(imports).toContain('../runtime/runner.js');
    expect(imports).toContain('../generated/versions.js');
  });
});
