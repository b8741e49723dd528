/** Handlebars rendering of the TypeScript outputs; templates live in generator/templates/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { REPO_ROOT } from '../spec/repo-root.js';

export const TEMPLATES_DIR = join(REPO_ROOT, 'generator', 'templates');

// An isolated instance: helpers registered here never leak into other Handlebars users.
const hbs = Handlebars.create();
// A TypeScript single-quoted string literal (the repository's style) for any string.
hbs.registerHelper('str', (value: unknown) => tsString(String(value)));
// Text placed inside a /** */ block: never closes it, stays on one line.
hbs.registerHelper('comment', (value: unknown) => String(value ?? '').replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim());
hbs.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(String(separator)) : ''));

export function tsString(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function render(template: string, context: object): string {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = hbs.compile(readFileSync(join(TEMPLATES_DIR, template), 'utf8'), { noEscape: true, strict: true });
    cache.set(template, compiled);
  }
  return compiled(context);
}
