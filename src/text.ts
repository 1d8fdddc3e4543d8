// Text from outside (a server's answer, a config key, a file name) reaches the terminal only through
// here: control characters that would move the cursor, recolour the screen, end the line or reorder
// what follows are shown as escapes, and text a server chose is cut to a bound.

/** C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and isolates, lone surrogates. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line safe for a terminal: invisible and control characters escaped, at most `maxLength`
 *  characters of the original kept (a longer text ends in `…`). */
export function printable(text: string, maxLength = Infinity): string {
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return cut.replace(INVISIBLE, escapeChar);
}

/** Each line of a multi-line block made printable; the line breaks themselves are kept. */
export function printableLines(text: string): string {
  return text.split('\n').map((line) => printable(line)).join('\n');
}
