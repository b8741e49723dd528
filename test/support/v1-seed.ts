/**
 * A small parser of the v1 operation list (seed 003, markdown): `## name` starts an operation,
 * `### param` / `### param (required)` a parameter, `**Type:** t` and `**Potential values:** a, b`
 * describe the parameter above them. Fenced blocks (the `$body` samples) are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface SeedParam {
  name: string;
  required: boolean;
  /** As written (`string`, `STRING`, `number`, …); undefined when the entry gives none. */
  type?: string;
  enum?: string[];
}

export interface SeedOperation {
  name: string;
  params: SeedParam[];
}

export function parseSeedList(text: string): SeedOperation[] {
  const operations: SeedOperation[] = [];
  let op: SeedOperation | undefined;
  let param: SeedParam | undefined;
  let fenced = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^##\s+([A-Za-z0-9_]+)\s*$/))) {
      op = { name: m[1], params: [] };
      param = undefined;
      operations.push(op);
    } else if ((m = line.match(/^###\s+(\S+)(\s+\(required\))?\s*$/))) {
      if (!op) throw new Error(`seed list: parameter ${m[1]} before any operation`);
      param = { name: m[1], required: Boolean(m[2]) };
      op.params.push(param);
    } else if ((m = line.match(/^\*\*Type:\*\*\s*(.+)$/))) {
      if (param) param.type = m[1].trim();
    } else if ((m = line.match(/^\*\*Potential values:\*\*\s*(.+)$/))) {
      if (param) param.enum = m[1].split(',').map((v) => v.trim()).filter(Boolean);
    }
  }
  return operations;
}

/** Reads and parses the list; fails loudly when the file is missing or yields nothing. */
export function readSeedList(path: string | undefined): SeedOperation[] {
  if (!path) throw new Error('V1_OPERATION_LIST is not set: the tests read the v1 operation list from ../shared');
  if (!existsSync(path)) throw new Error(`V1_OPERATION_LIST=${path} does not exist: the tests read ../shared (see README)`);
  const operations = parseSeedList(readFileSync(path, 'utf8'));
  if (operations.length === 0) throw new Error(`${path}: no "## <operation>" entries found`);
  return operations;
}

/** The seed's type spelling → a V1ParamType (`STRING` → `string`). */
export function normaliseSeedType(type: string | undefined): string | undefined {
  return type?.trim().toLowerCase();
}
