// A value quoted in a message is cut to a readable length: a broken export can put megabytes
// in one cell, and the message must stay one line that says what to fix, not echo the cell.

/** `text` unchanged when short, else its first `max` characters, "…" and the full length. */
export function clipText(text: string, max = 60): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}
