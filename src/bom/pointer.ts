// RFC 6901 JSON Pointers: how findings name a node of an AIBOM document.

/** Escape one reference token: "~" becomes "~0" and "/" becomes "~1" (in that order). */
export function escapeToken(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Undo escapeToken: "~1" becomes "/" and then "~0" becomes "~" (in that order). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The pointer of the node reached by following `segments` from the root ("" for the root). */
export function pointerOf(segments: readonly (string | number)[]): string {
  let pointer = '';
  for (const segment of segments) pointer += '/' + escapeToken(segment);
  return pointer;
}

/** Append one segment to an existing pointer. */
export function childPointer(pointer: string, segment: string | number): string {
  return pointer + '/' + escapeToken(segment);
}

/**
 * The reference tokens of `pointer`, unescaped. Throws on a string that is not a JSON
 * Pointer (non-empty and not starting with "/", or a "~" not followed by 0 or 1).
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)} (must be empty or start with "/")`);
  if (/~(?![01])/.test(pointer)) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)} ("~" must be followed by 0 or 1)`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

/** The pointer of the parent node, or null for the root (""). */
export function parentPointer(pointer: string): string | null {
  if (pointer === '') return null;
  const slash = pointer.lastIndexOf('/');
  return slash <= 0 ? '' : pointer.slice(0, slash);
}

/**
 * A pointer as a person reads it in a message: `models.acme-coder.derivedFrom[0].relation`.
 * Keys that are not plain words are quoted (`models["acme.coder"]`); the root is "top level".
 */
export function displayPath(pointer: string): string {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return 'top level';
  let out = '';
  for (const token of tokens) {
    if (/^(0|[1-9][0-9]*)$/.test(token)) out += `[${token}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(token)) out += (out === '' ? '' : '.') + token;
    else out += `[${JSON.stringify(token)}]`;
  }
  return out;
}
