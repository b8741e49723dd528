/**
 * Drives `intercom-ops mcp` as an MCP client does: the SDK's own Client over its
 * StdioClientTransport, spawning the built bin (`node dist/cli/bin.js mcp …`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect } from 'vitest';

export const BIN = join(__dirname, '..', '..', 'dist', 'cli', 'bin.js');

export interface McpSession {
  client: Client;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

export async function startMcp(args: string[], env: Record<string, string> = {}): Promise<McpSession> {
  expect(existsSync(BIN), 'dist/ is built by `npm ci` (prepare) or `npm run build`').toBe(true);
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'intercom-ops-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** Every spelling of a token that must never appear: raw, percent-encoded (both cases), form-encoded, JSON-escaped, base64 and base64url (also of `Bearer <token>`). */
export function tokenForms(token: string): string[] {
  const encoded = encodeURIComponent(token);
  const forms = new Set([
    token,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ t: token }).toString().slice(2),
    JSON.stringify(token).slice(1, -1),
  ]);
  for (const text of [token, `Bearer ${token}`]) {
    forms.add(Buffer.from(text).toString('base64').replace(/=+$/, ''));
    forms.add(Buffer.from(text).toString('base64url'));
  }
  return [...forms];
}

export function expectNoToken(text: string, token: string, where: string): void {
  for (const form of tokenForms(token)) expect(text.includes(form), `${where} contains the token (${form})`).toBe(false);
}
