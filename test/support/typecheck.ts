/**
 * Type-checks generated output inside the test run with the TypeScript compiler API: the
 * equivalent of `tsc --noEmit --strict` on `schema.ts` + `client.ts`, with the repository's own
 * compiler options (tsconfig.json: ES2022, NodeNext, strict, skipLibCheck, types: node).
 *
 * One checker serves many versions: it keeps one CompilerHost whose parsed (and bound) source
 * files outside the generated folders — the TypeScript libs, @types/node, openapi-fetch — are
 * cached and handed to every program, and passes the previous program as `oldProgram`. Only the
 * generated files are parsed per version; what stays is the checking itself.
 *
 * Generated folders may live anywhere (tests use temp dirs): bare imports (`openapi-fetch`) are
 * resolved as if from the repository's own `generated/client.ts`, so they find the repository's
 * node_modules. The folder (or a parent) needs a package.json with `"type": "module"` so NodeNext
 * reads the files as ESM, as it does inside the repository (`writeEsmMarker`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll } from 'vitest';
import { REPO_ROOT as PACKAGE_ROOT } from '../../spec/repo-root.js';

export interface TypecheckResult {
  /** Formatted diagnostics (`file(line,col): error TSxxxx: message`); empty when clean. */
  diagnostics: string[];
  /** Wall time of this check, ms. */
  ms: number;
}

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  types: ['node'],
};

/** Marks a folder's files as ESM for NodeNext (what the repository's package.json does for generated/). */
export function writeEsmMarker(dir: string): void {
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
}

export interface Typechecker {
  check(rootNames: readonly string[]): TypecheckResult;
  /** How many source files the shared cache holds (libs and dependencies). */
  readonly cached: number;
}

export function createTypechecker(options: ts.CompilerOptions = COMPILER_OPTIONS): Typechecker {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, ts.SourceFile>();
  const nodeModules = join(PACKAGE_ROOT, 'node_modules');
  const libDir = resolve(host.getDefaultLibLocation?.() ?? nodeModules);
  const shareable = (fileName: string) => {
    const path = resolve(fileName);
    return path.startsWith(nodeModules) || path.startsWith(libDir);
  };

  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!shareable(fileName)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${typeof languageVersion === 'object' ? JSON.stringify(languageVersion) : languageVersion}`;
    let file = cache.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) cache.set(key, file);
    }
    return file;
  };

  // Bare specifiers resolve from the repository (the generated folder may be a temp dir).
  const anchor = join(PACKAGE_ROOT, 'generated', 'client.ts');
  const resolutionCache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => host.getCanonicalFileName(f), options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
    literals.map((literal) => {
      const name = literal.text;
      const from = /^\.{1,2}(\/|$)/.test(name) || name.startsWith('/') ? containingFile : anchor;
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
      return ts.resolveModuleName(name, from, compilerOptions, host, from === anchor ? resolutionCache : undefined, redirected, mode);
    });

  let oldProgram: ts.Program | undefined;
  return {
    check(rootNames) {
      const started = performance.now();
      const program = ts.createProgram({ rootNames: [...rootNames], options, host, oldProgram });
      oldProgram = program;
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${d.file.fileName}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
      });
      return { diagnostics, ms: performance.now() - started };
    },
    get cached() {
      return cache.size;
    },
  };
}

/** A source file's `@ts-expect-error` marker: the whole line. */
const MARKER_LINE = /^\s*\/\/ @ts-expect-error.*$/gm;

/**
 * Type-checks sources written to a fresh ESM folder of their own (removed after the test file).
 * `markers` gives the count of `@ts-expect-error` lines of a source and how many distinct lines
 * are errors once they are removed: equal when every marker bites.
 */
export function sourceChecker(prefix: string): {
  check(name: string, source: string): string[];
  markers(source: string): { marked: number; failing: number };
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeEsmMarker(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const checker = createTypechecker();
  const check = (name: string, source: string): string[] => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, source);
    return checker.check([file]).diagnostics;
  };
  const markers = (source: string) => {
    const marked = source.split('\n').filter((line) => line.includes('@ts-expect-error')).length;
    const diagnostics = check('unmarked', source.replace(MARKER_LINE, ''));
    return { marked, failing: new Set(diagnostics.map((d) => d.replace(/^[^(]*\((\d+),.*$/, '$1'))).size };
  };
  return { check, markers };
}
