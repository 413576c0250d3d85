/**
 * Hugo's shortcodes (`{{< figure src="a.png" caption="…" >}}`), calls to the site's templates left
 * in the Markdown it builds pages from. The call is code, but the words it carries for the reader
 * (a figure's caption, a box's title) are the document's own.
 */

/** Where a shortcode's own words start: a figure's caption, a box's title. */
const SHORTCODE_TEXT = /\b(?:caption|alt|title)="/;
/** What may follow the quote that closes an attribute: another attribute, or the end of the call. */
const ATTRIBUTE_END = /\s{0,40}(?:\/?[>%]\}\}|[\w-]{1,40}=)/y;

/**
 * The caption (or alt text, or title) of a shortcode call, if it has one. Markdown has decoded
 * `&quot;` by now, so a quote inside the words is possible: the value ends at the quote followed
 * by another attribute or by the end of the call.
 *
 * @example
 * shortcodeText('{{< figure src="a.png" caption="Searching for "friday"" >}}'); // → 'Searching for "friday"'
 */
export function shortcodeText(call: string): string | undefined {
  const start = SHORTCODE_TEXT.exec(call);
  if (!start) return undefined;
  const from = start.index + start[0].length;
  let end = call.indexOf('"', from);
  while (end !== -1) {
    ATTRIBUTE_END.lastIndex = end + 1;
    if (ATTRIBUTE_END.test(call)) break;
    end = call.indexOf('"', end + 1);
  }
  const text = call.slice(from, end === -1 ? undefined : end).trim();
  return text === '' ? undefined : text;
}

/**
 * A link to another page of the site written with Hugo's `ref` shortcode,
 * `[text]({{< ref "/admin/config#x" >}})`: Markdown does not read it as a link (the target has
 * spaces), so its text is kept and the call, which names no address a member could open, is not.
 */
const REF_LINK = /\[([^\]\n]{1,200})\]\(\{\{[<%] ?(?:rel)?ref "[^"\n]{0,300}" ?[>%]\}\}\)/g;

/**
 * `text` with each `ref`-shortcode link reduced to its text.
 *
 * @example
 * withoutRefLinks('See [the settings]({{< ref "/admin/config" >}}).'); // → 'See the settings.'
 */
export function withoutRefLinks(text: string): string {
  return text.includes('{{') ? text.replace(REF_LINK, '$1') : text;
}
