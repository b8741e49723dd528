/**
 * Plain text for tool descriptions. Summaries and schema descriptions come from the OpenAPI
 * description, which writes Markdown and a little HTML; a model reads a tool description as plain
 * text, and every tool format caps its length.
 */

/** The longest description any supported tool format accepts (OpenAI rejects longer ones). */
export const MAX_DESCRIPTION_LENGTH = 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Markdown and HTML to one line of plain text: links and images keep their text, code keeps its
 * content, tags, emphasis markers, headings, quotes and list bullets go, entities are decoded and
 * whitespace is collapsed. Underscores inside words (`user_id`) are left alone.
 */
export function plainText(source: string): string {
  let text = String(source);
  text = text.replace(/```[^\n]*\n?/g, ' ');
  text = text.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  text = text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  // Autolinks (<https://…>) keep their address; every other tag goes.
  text = text.replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1');
  text = text.replace(/<br\s*\/?>|<\/(?:p|div|li|h[1-6]|tr)>/gi, ' ');
  text = text.replace(/<\/?[a-z][^>]*>/gi, '');
  text = text.replace(/`+([^`]*)`+/g, '$1');
  text = text.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2');
  text = text.replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=[\s).,;:!?]|$)/g, '$1$2');
  text = text.replace(/^[ \t]*#{1,6}[ \t]+/gm, '');
  text = text.replace(/^[ \t]*>[ \t]?/gm, '');
  text = text.replace(/^[ \t]*[-*+][ \t]+/gm, '');
  text = decodeEntities(text);
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * At most `max` UTF-16 code units (so at most `max` characters however a format counts them):
 * cut at the last space that leaves room for an ellipsis, never inside a surrogate pair.
 */
export function capText(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const space = text.lastIndexOf(' ', end);
  if (space > max / 2) end = space;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
