/**
 * Tool definitions in the three formats `export tools` writes, and the published limits each
 * is kept within (tested in test/tools-export.test.ts):
 *
 * - openai (Chat Completions `tools` entries): name `^[a-zA-Z0-9_-]{1,64}$`; description at most
 *   1,024 characters ("string_above_max_length"); `parameters` of `type: "object"` without
 *   `oneOf`/`anyOf`/`allOf`/`enum`/`const`/`not` at the top; every array schema has `items`;
 *   `strict: false`, since strict mode would require every property to be required (and the
 *   Responses API turns strict mode on unless told otherwise). At most 128 tools per request.
 * - anthropic (Messages API `tools` entries): name `^[a-zA-Z0-9_-]{1,128}$`; `input_schema` a
 *   valid draft 2020-12 schema with `type: "object"` and no `oneOf`/`allOf`/`anyOf` at the top.
 *   No description limit is published; the 1,024 characters of every tool here apply.
 * - mcp (`tools/list` entries): name within `[A-Za-z0-9_.-]`, 1–128 characters; `inputSchema` and
 *   `outputSchema` with `type: "object"` at the top; annotations.
 */
import type { JsonSchema } from '../entry/index.js';
import type { ToolSpec } from './catalog.js';
import { openAiSchema, TOP_LEVEL_REFUSED } from './schema.js';
import { MAX_DESCRIPTION_LENGTH } from './text.js';

export const TOOL_FORMATS = ['openai', 'anthropic', 'mcp'] as const;
export type ToolFormat = (typeof TOOL_FORMATS)[number];

export interface FormatLimits {
  namePattern: RegExp;
  maxDescriptionLength: number;
  /** Keywords refused at the top of the input schema. */
  topLevelRefused: readonly string[];
  /** Most tools one request may carry, where the format has such a limit. */
  maxToolsPerRequest?: number;
}

export const FORMAT_LIMITS: Readonly<Record<ToolFormat, FormatLimits>> = {
  openai: { namePattern: /^[a-zA-Z0-9_-]{1,64}$/, maxDescriptionLength: 1024, topLevelRefused: TOP_LEVEL_REFUSED, maxToolsPerRequest: 128 },
  anthropic: { namePattern: /^[a-zA-Z0-9_-]{1,128}$/, maxDescriptionLength: MAX_DESCRIPTION_LENGTH, topLevelRefused: ['oneOf', 'allOf', 'anyOf'] },
  mcp: { namePattern: /^[A-Za-z0-9_.-]{1,128}$/, maxDescriptionLength: MAX_DESCRIPTION_LENGTH, topLevelRefused: [] },
};

export interface McpToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema?: JsonSchema & { type: 'object' };
  annotations: ToolSpec['annotations'];
}

export function toMcpTool(tool: ToolSpec): McpToolDefinition {
  const definition: McpToolDefinition = {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema as McpToolDefinition['inputSchema'],
    annotations: { ...tool.annotations },
  };
  if (tool.outputSchema) definition.outputSchema = tool.outputSchema as McpToolDefinition['inputSchema'];
  return definition;
}

export function toOpenAiTool(tool: ToolSpec) {
  return {
    type: 'function' as const,
    function: { name: tool.name, description: tool.description, parameters: openAiSchema(tool.inputSchema), strict: false },
  };
}

export function toAnthropicTool(tool: ToolSpec) {
  return { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
}

/** `{ tools: [...] }`: the field each API takes them in (and MCP's `tools/list` answer). */
export function exportTools(tools: readonly ToolSpec[], format: ToolFormat): { tools: unknown[] } {
  const convert: (tool: ToolSpec) => unknown = format === 'openai' ? toOpenAiTool : format === 'anthropic' ? toAnthropicTool : toMcpTool;
  return { tools: tools.map(convert) };
}
