// Load stage: bytes of one AIBOM file -> plain data with the source position of every node.
//
// Every input limit is checked before the parser can exhaust the stack or memory: size
// before decoding, nesting depth on the raw text before parsing (the yaml composer is
// recursive), alias count and alias expansion while converting. Every failure is a
// `bom/parse` finding with an exact line and column, never an exception.

import { createHash } from 'node:crypto';
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type YAMLError,
} from 'yaml';
import type { LoadedFile, PositionMap, RawFinding } from '../types.js';
import { childPointer, displayPath } from './pointer.js';

export interface LoadLimits {
  /** Largest file accepted, in bytes (checked before decoding). */
  maxBytes: number;
  /** Deepest nesting of maps and lists accepted (the root collection is depth 1). */
  maxDepth: number;
  /** Most YAML alias nodes (`*name`) accepted in one file. */
  maxAliases: number;
  /** Most findings reported for one file. */
  maxErrors: number;
}

export const DEFAULT_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 100,
  maxAliases: 100,
  maxErrors: 100,
});

/**
 * Nodes that alias expansion may add beyond the document's own nodes. Bounds the
 * "billion laughs" attack, where a few dozen aliases expand to billions of nodes.
 */
const ALIAS_EXPANSION_ALLOWANCE = 10_000;

export type LoadResult = { ok: true; loaded: LoadedFile } | { ok: false; findings: RawFinding[] };

interface Pos {
  line: number;
  column: number;
}

/** A finding that stops the load; thrown inside the converter, caught by loadFile. */
class LimitExceeded extends Error {
  constructor(readonly finding: RawFinding) {
    super(finding.message);
  }
}

export function loadFile(file: string, bytes: Uint8Array, limits: Partial<LoadLimits> = {}): LoadResult {
  try {
    return load(file, bytes, { ...DEFAULT_LIMITS, ...limits });
  } catch (error) {
    // Fail closed with a message, never a stack trace: no input may crash the check.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      findings: [parseFinding(file, `file could not be read: ${message}`, { line: 1, column: 1 }, { reason: 'internal', error: message }, '')],
    };
  }
}

function load(file: string, bytes: Uint8Array, lim: LoadLimits): LoadResult {
  const fail = (message: string, pos: Pos, evidence: Record<string, unknown>, path = '', remediation?: string): LoadResult => ({
    ok: false,
    findings: [parseFinding(file, message, pos, evidence, path, remediation)],
  });

  if (bytes.length > lim.maxBytes) {
    return fail(
      `file is ${formatBytes(bytes.length)}, over the limit of ${formatBytes(lim.maxBytes)} for an AIBOM file`,
      { line: 1, column: 1 },
      { reason: 'too-large', bytes: bytes.length, maxBytes: lim.maxBytes },
      '',
      'Split the AIBOM into several files, or remove data that does not describe models, hosts or organizations.',
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return fail(
      `file is not valid UTF-8: byte 0x${decoded.byte.toString(16).padStart(2, '0')} at offset ${decoded.offset} cannot start or continue a UTF-8 character`,
      decoded.pos,
      { reason: 'not-utf8', offset: decoded.offset, byte: decoded.byte },
      '',
      'Save the file as UTF-8 (most editors offer "Save with encoding"; `iconv -f latin1 -t utf-8` converts Latin-1).',
    );
  }
  const text = decoded.text;
  const markdown = /\.(md|markdown)$/i.test(file);
  const syntax: 'yaml' | 'json' = markdown ? 'yaml' : detectSyntax(file, text);

  // A model card is Markdown; only its YAML front matter is data. It keeps the offsets of
  // the whole file so positions point into the original text.
  const source = markdown ? frontMatter(text) : text;
  if (source === null) {
    return { ok: true, loaded: { file, sha256, syntax, value: null, positions: new Map(), text } };
  }

  if (source.trim() === '') {
    return fail(
      'file is empty: an AIBOM needs at least `aibom: 1`',
      { line: 1, column: 1 },
      { reason: 'empty' },
      '',
      'Start the file with `aibom: 1` and list the models under `models:`.',
    );
  }

  const tooDeep = findDepthExcess(source, lim.maxDepth);
  if (tooDeep) {
    return fail(
      `nesting is deeper than ${lim.maxDepth} levels of maps and lists (the level over the limit starts here); an AIBOM needs only a few levels`,
      tooDeep,
      { reason: 'too-deep', maxDepth: lim.maxDepth },
    );
  }

  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    docs = parseDocuments(source, lineCounter);
  } catch (error) {
    // Only a limit raised far beyond the defaults lets the recursive composer overflow.
    if (!(error instanceof RangeError)) throw error;
    return fail(
      'file is too deeply nested or too complex to parse',
      { line: 1, column: 1 },
      { reason: 'too-complex', error: error.message },
    );
  }
  const at = (offset: number): Pos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const first = docs[0];
  if (markdown && (!first || (docs.length === 1 && isEmptyDocument(first)))) {
    return { ok: true, loaded: { file, sha256, syntax, value: null, positions: new Map(), text } };
  }
  if (!first || isEmptyDocument(first)) {
    return fail(
      'file has no data, only comments or an empty document: an AIBOM needs at least `aibom: 1`',
      { line: 1, column: 1 },
      { reason: 'empty' },
      '',
      'Start the file with `aibom: 1` and list the models under `models:`.',
    );
  }

  const findings: RawFinding[] = [];
  const add = (message: string, pos: Pos, evidence: Record<string, unknown>, path = '', remediation?: string): void => {
    findings.push(parseFinding(file, message, pos, evidence, path, remediation));
  };
  const lang = syntax === 'json' ? 'JSON' : 'YAML';

  docs.forEach((doc, index) => {
    if (index === 1) {
      add(
        `file holds ${docs.length} YAML documents; an AIBOM file holds exactly one (the second starts here)`,
        at(doc.range?.[0] ?? 0),
        { reason: 'multiple-documents', documents: docs.length },
        '',
        'Remove the `---` separator, or put each AIBOM in its own file.',
      );
    }
    for (const error of doc.errors) add(`${lang} syntax error: ${yamlMessage(error)}`, at(error.pos[0]), { reason: 'syntax', code: error.code });
    for (const warning of doc.warnings) {
      add(`${lang} problem (treated as an error): ${yamlMessage(warning)}`, at(warning.pos[0]), { reason: 'syntax', code: warning.code });
    }
  });

  const census = countNodes(first);
  if (census.aliases.length > lim.maxAliases) {
    const alias = census.aliases[lim.maxAliases]!;
    add(
      `file uses ${census.aliases.length} YAML aliases, more than the limit of ${lim.maxAliases} (the first one over the limit is here); ` +
        'aliases can expand exponentially ("billion laughs")',
      at(alias.range?.[0] ?? 0),
      { reason: 'too-many-aliases', aliases: census.aliases.length, maxAliases: lim.maxAliases },
      '',
      'Write the repeated data out instead of using anchors (&name) and aliases (*name).',
    );
    return { ok: false, findings: finish(findings, lim.maxErrors) };
  }

  const converter = new Converter(file, first, at, syntax, lim, census.nodes + ALIAS_EXPANSION_ALLOWANCE, findings);
  let value: unknown = null;
  try {
    const root = first.contents as YamlNode | null;
    if (root) converter.positions.set('', at(root.range?.[0] ?? 0));
    value = converter.convert(root, '', 0);
  } catch (error) {
    if (error instanceof LimitExceeded) findings.push(error.finding);
    else if (error instanceof RangeError) add('file is too deeply nested or too complex to read', { line: 1, column: 1 }, { reason: 'too-complex', error: error.message });
    else throw error;
  }

  if (findings.length === 0 && syntax === 'json') {
    const problem = jsonProblem(source, at);
    if (problem) add(`JSON syntax error: ${problem.message}`, problem.pos, { reason: 'syntax' });
  }

  if (findings.length > 0) return { ok: false, findings: finish(findings, lim.maxErrors) };
  return { ok: true, loaded: { file, sha256, syntax, value, positions: converter.positions, text } };
}

// ---------------------------------------------------------------------------------------
// AST -> plain data, with positions

class Converter {
  readonly positions: PositionMap = new Map();
  private expanded = 0;
  /** Anchored nodes being expanded right now: an alias to one of them is a cycle. */
  private readonly expanding = new Set<unknown>();
  /** The outermost alias being expanded, where a "billion laughs" finding points. */
  private outerAlias: { name: string; pos: Pos; pointer: string } | null = null;

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly at: (offset: number) => Pos,
    private readonly syntax: 'yaml' | 'json',
    private readonly limits: LoadLimits,
    private readonly maxNodes: number,
    private readonly sink: RawFinding[],
  ) {}

  private finding(message: string, pos: Pos, evidence: Record<string, unknown>, path: string, remediation?: string): RawFinding {
    return parseFinding(this.file, message, pos, evidence, path, remediation);
  }

  private report(message: string, pos: Pos, evidence: Record<string, unknown>, path: string, remediation?: string): void {
    this.sink.push(this.finding(message, pos, evidence, path, remediation));
  }

  private record(pointer: string, pos: Pos): void {
    // Nodes inside an expanded alias have no place of their own in the file: they are
    // located at the alias (the nearest recorded ancestor).
    if (this.outerAlias === null) this.positions.set(pointer, pos);
  }

  private posOf(node: YamlNode): Pos {
    return this.at(node.range?.[0] ?? 0);
  }

  convert(node: YamlNode | null, pointer: string, depth: number): unknown {
    // Count the nodes that alias expansion produces (an alias itself produces none).
    if (this.outerAlias !== null && node !== null && !isAlias(node) && ++this.expanded > this.maxNodes) {
      const alias = this.outerAlias;
      throw new LimitExceeded(
        this.finding(
          `YAML aliases expand to more than ${this.maxNodes} nodes (here, at alias *${alias.name}); ` +
            'aliases that expand exponentially ("billion laughs") are rejected',
          alias.pos,
          { reason: 'alias-expansion', anchor: alias.name, maxNodes: this.maxNodes },
          alias.pointer,
          'Write the repeated data out instead of using anchors (&name) and aliases (*name).',
        ),
      );
    }
    if (node === null || node === undefined) return null;
    if (this.syntax === 'json') this.checkJson(node);

    if (isAlias(node)) return this.convertAlias(node, pointer, depth);
    if (isScalar(node)) return scalarValue(node.value);

    if (depth + 1 > this.limits.maxDepth) {
      throw new LimitExceeded(
        this.finding(`nesting is deeper than ${this.limits.maxDepth} levels of maps and lists`, this.posOf(node), { reason: 'too-deep', maxDepth: this.limits.maxDepth }, pointer),
      );
    }

    if (isSeq(node)) {
      const list: unknown[] = [];
      node.items.forEach((item, index) => {
        const itemPointer = childPointer(pointer, index);
        const itemNode = item as YamlNode | null;
        if (itemNode) this.record(itemPointer, this.posOf(itemNode));
        list.push(this.convert(itemNode, itemPointer, depth + 1));
      });
      return list;
    }

    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = this.keyString(keyNode, pointer);
        if (key === null) continue;
        const keyPos = keyNode ? this.posOf(keyNode) : this.posOf(node);
        const valuePointer = childPointer(pointer, key);
        if (Object.hasOwn(object, key)) {
          const firstPos = this.positions.get(valuePointer + '#key');
          this.report(
            `duplicate key "${key}" in ${displayPath(pointer)}` +
              (firstPos ? ` (first defined at line ${firstPos.line}, column ${firstPos.column})` : '') +
              '; each key may appear once',
            keyPos,
            { reason: 'duplicate-key', key, ...(firstPos ? { first: firstPos } : {}) },
            valuePointer,
            'Remove or rename one of the two entries.',
          );
          continue;
        }
        const valueNode = pair.value as YamlNode | null;
        this.record(valuePointer + '#key', keyPos);
        this.record(valuePointer, valueNode && !isEmptyScalar(valueNode) ? this.posOf(valueNode) : keyPos);
        // defineProperty keeps keys such as "__proto__" plain data instead of setting the prototype.
        Object.defineProperty(object, key, {
          value: this.convert(valueNode, valuePointer, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    return null;
  }

  /** Alias.resolve searches the whole document each time; an alias bomb calls it thousands of times. */
  private readonly targets = new Map<YamlNode, YamlNode | undefined>();

  private resolve(alias: YamlNode): YamlNode | undefined {
    if (!isAlias(alias)) return undefined;
    if (!this.targets.has(alias)) this.targets.set(alias, alias.resolve(this.doc) as YamlNode | undefined);
    return this.targets.get(alias);
  }

  private convertAlias(node: YamlNode, pointer: string, depth: number): unknown {
    if (!isAlias(node)) return null;
    const target = this.resolve(node);
    if (!target) return null; // the parser already reported the unknown anchor
    const pos = this.posOf(node);
    if (this.expanding.has(target)) {
      throw new LimitExceeded(
        this.finding(`alias *${node.source} refers to a node that contains it, which would make the data infinite`, pos, { reason: 'alias-cycle', anchor: node.source }, pointer),
      );
    }
    const outermost = this.outerAlias === null;
    if (outermost) this.outerAlias = { name: node.source, pos, pointer };
    this.expanding.add(target);
    try {
      return this.convert(target, pointer, depth);
    } finally {
      this.expanding.delete(target);
      if (outermost) this.outerAlias = null;
    }
  }

  private keyString(keyNode: YamlNode | null, mapPointer: string): string | null {
    const resolved = keyNode && isAlias(keyNode) ? (this.resolve(keyNode) ?? null) : keyNode;
    if (resolved === null) return '';
    if (!isScalar(resolved)) {
      this.report(
        `a key in ${displayPath(mapPointer)} is a ${isSeq(resolved) ? 'list' : 'map'}; keys must be plain strings`,
        this.posOf(keyNode ?? resolved),
        { reason: 'complex-key' },
        mapPointer,
      );
      return null;
    }
    if (this.syntax === 'json') this.checkJson(resolved);
    if (resolved === keyNode && resolved.type === 'PLAIN' && resolved.source === '<<') {
      this.report(
        `YAML merge keys (<<) are not supported in ${displayPath(mapPointer)}; write the fields out`,
        this.posOf(resolved),
        { reason: 'merge-key' },
        mapPointer,
      );
      return null;
    }
    // A key keeps the spelling of the file: `1.0:` is the key "1.0", not "1".
    return typeof resolved.value === 'string' ? resolved.value : String(resolved.source);
  }

  /** YAML-only constructs in a .json file: comments, anchors, tags, unquoted strings. */
  private checkJson(node: YamlNode): void {
    const problem = jsonOnlyProblem(node);
    if (problem) {
      throw new LimitExceeded(this.finding(`JSON syntax error: ${problem}`, this.posOf(node), { reason: 'syntax' }, ''));
    }
  }
}

function jsonOnlyProblem(node: YamlNode): string | null {
  if (isAlias(node)) return 'aliases (*name) are YAML, not JSON';
  if (node.anchor) return 'anchors (&name) are YAML, not JSON';
  if (node.commentBefore || node.comment) return 'comments are not allowed in JSON';
  if (isScalar(node)) {
    if (node.type === 'QUOTE_DOUBLE') return null;
    if (node.type === 'PLAIN' && /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)$/.test(String(node.source))) return null;
    return `${JSON.stringify(String(node.source))} is not a JSON value; strings need double quotes`;
  }
  if ((isMap(node) || isSeq(node)) && !node.flow) return 'indentation-based YAML collections are not JSON';
  return null;
}

// ---------------------------------------------------------------------------------------
// Helpers

function parseDocuments(source: string, lineCounter: LineCounter): Document[] {
  const docs = parseAllDocuments(source, {
    lineCounter,
    prettyErrors: false,
    // Plain YAML 1.2 data: no merge keys, no YAML 1.1 tags (!!binary, !!set, ...), and
    // duplicate keys are detected while converting, by the key string the JS object gets.
    version: '1.2',
    schema: 'core',
    merge: false,
    resolveKnownTags: false,
    uniqueKeys: false,
    logLevel: 'silent',
  });
  return Array.isArray(docs) ? docs : [];
}

function parseFinding(file: string, message: string, pos: Pos, evidence: Record<string, unknown>, path: string, remediation?: string): RawFinding {
  return {
    rule: 'bom/parse',
    severity: 'error',
    message,
    subject: { kind: 'bom', id: file },
    path,
    location: { file, line: pos.line, column: pos.column },
    evidence,
    ...(remediation ? { remediation } : {}),
  };
}

/** Sort by position, keep at most `max`, and say on the last one how many were left out. */
function finish(findings: RawFinding[], max: number): RawFinding[] {
  const sorted = [...findings].sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  if (sorted.length <= max) return sorted;
  const kept = sorted.slice(0, Math.max(1, max));
  const last = kept[kept.length - 1]!;
  const omitted = sorted.length - kept.length;
  kept[kept.length - 1] = { ...last, message: `${last.message} (and ${omitted} more problems not shown)`, evidence: { ...last.evidence, omitted } };
  return kept;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${n} bytes (${(n / 1024 / 1024).toFixed(1)} MiB)`;
  if (n >= 1024) return `${n} bytes (${(n / 1024).toFixed(1)} KiB)`;
  return `${n} bytes`;
}

function yamlMessage(error: YAMLError): string {
  if (error.code === 'RESOURCE_EXHAUSTION') return 'the data is too deeply nested or too complex for the parser';
  // Without prettyErrors the message has no source excerpt; the location is in the finding.
  return error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function scalarValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function isEmptyScalar(node: YamlNode): boolean {
  return isScalar(node) && node.value === null && (node.source === '' || node.source === undefined);
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents as YamlNode | null;
  return contents === null || (isEmptyScalar(contents) && !contents.tag && doc.errors.length === 0);
}

function countNodes(doc: Document): { nodes: number; aliases: YamlNode[] } {
  let nodes = 0;
  const aliases: YamlNode[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    nodes++;
    if (isAlias(node)) aliases.push(node);
    else if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    else if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        stack.push(pair.value, pair.key);
      }
    }
  }
  // Source order, so "the first alias over the limit" is the one a reader finds first.
  aliases.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  return { nodes, aliases };
}

function detectSyntax(file: string, text: string): 'yaml' | 'json' {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  const firstChar = /\S/.exec(text)?.[0];
  return firstChar === '{' || firstChar === '[' ? 'json' : 'yaml';
}

/**
 * The YAML front matter of a Markdown file, with the rest blanked out so offsets (and so
 * lines and columns) stay those of the whole file; null when there is none.
 */
function frontMatter(text: string): string | null {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return null;
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(open[0].length));
  if (!close) return null;
  return text.slice(0, open[0].length + close.index);
}

/** What JSON.parse rejects that the YAML parser accepted (e.g. trailing commas). */
function jsonProblem(text: string, at: (offset: number) => Pos): { message: string; pos: Pos } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    const position = /at position (\d+)/.exec(message);
    if (position) return { message: message.replace(/ in JSON at position \d+.*$/, ''), pos: at(Number(position[1])) };
    // V8 gives no position for "Unexpected token"; the usual culprit is a trailing comma.
    const trailing = trailingComma(text);
    if (trailing !== null) return { message: 'trailing comma before a closing bracket', pos: at(trailing) };
    const token = /^Unexpected token '(.)'/.exec(message);
    return { message: token ? `unexpected ${JSON.stringify(token[1])}` : message.replace(/, ".*$/, ''), pos: { line: 1, column: 1 } };
  }
}

/** Offset of the first comma (outside strings) followed only by whitespace and ] or }. */
function trailingComma(text: string): number | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === ',') {
      const next = /\S/.exec(text.slice(i + 1, i + 1 + 4096));
      if (next && (next[0] === ']' || next[0] === '}')) return i;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// UTF-8

type Decoded = { ok: true; text: string } | { ok: false; offset: number; byte: number; pos: Pos };

function decodeUtf8(bytes: Uint8Array): Decoded {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    const lineStart = before.lastIndexOf('\n') + 1;
    return {
      ok: false,
      offset: bad + (body === bytes ? 0 : 3),
      byte: body[bad] ?? 0,
      pos: { line: countLines(before), column: before.length - lineStart + 1 },
    };
  }
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..).
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

// ---------------------------------------------------------------------------------------
// Nesting depth estimate on the raw text

/**
 * Where the nesting of the raw text first goes deeper than `limit`, or null. Runs before
 * the parser, whose composer recurses once per level and overflows the stack near 800-900
 * levels. Counts flow brackets outside quoted strings, block indentation levels and the
 * compact `- ` / `key:` nodes on one line. It may over-estimate (a plain multi-line scalar
 * adds a level) but never misses a level of real nesting by more than a factor of two.
 */
export function findDepthExcess(text: string, limit: number): Pos | null {
  const stack: { col: number; kind: 'map' | 'seq' }[] = [];
  let flow = 0;
  let quote: '"' | "'" | null = null;
  /** Indentation of the line that opened a block scalar (| or >); deeper lines are its text. */
  let blockScalarIndent: number | null = null;
  const lines = text.split('\n');

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.endsWith('\r') ? lines[n]!.slice(0, -1) : lines[n]!;
    const lineNo = n + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;

    if (blockScalarIndent !== null) {
      if (indent === line.length || indent > blockScalarIndent) continue;
      blockScalarIndent = null;
    }

    let i = 0;
    let nodeStart = false;
    if (quote === null && flow === 0) {
      const rest = line.slice(indent);
      if (rest === '' || rest.startsWith('#')) continue;
      if (indent === 0 && rest.startsWith('%')) continue;
      if (indent === 0 && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(rest)) {
        stack.length = 0;
        i = 3;
        nodeStart = true;
      } else {
        const kind = /^-(?:[ \t]|$)/.test(rest) ? 'seq' : 'map';
        // A list may sit at the same column as the key that holds it; any other line at
        // that column ends it.
        while (stack.length > 0) {
          const top = stack[stack.length - 1]!;
          if (top.col > indent || (top.col === indent && top.kind === 'seq' && kind !== 'seq')) stack.pop();
          else break;
        }
        const top = stack[stack.length - 1];
        // A line that starts with a flow collection opens no block level of its own.
        const flowStart = rest.startsWith('[') || rest.startsWith('{');
        if (!flowStart && (!top || top.col !== indent || top.kind !== kind)) stack.push({ col: indent, kind });
        if (stack.length > limit) return { line: lineNo, column: indent + 1 };

        // Compact nested nodes on the same line: `- - a: 1`, `? key`.
        i = indent;
        while (/^[-?](?:[ \t]|$)/.test(line.slice(i))) {
          i++;
          while (line[i] === ' ' || line[i] === '\t') i++;
          const after = line.slice(i);
          if (/^[-?](?:[ \t]|$)/.test(after)) stack.push({ col: i, kind: after.startsWith('-') ? 'seq' : 'map' });
          else if (looksLikeKey(after)) stack.push({ col: i, kind: 'map' });
          else break;
          if (stack.length > limit) return { line: lineNo, column: i + 1 };
        }
        nodeStart = true;
      }
    }

    let prev = ''; // previous significant character in flow context
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (c === "'") {
          if (line[i + 1] === "'") i++;
          else quote = null;
        }
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      if (flow > 0) {
        if (c === '[' || c === '{') {
          flow++;
          if (stack.length + flow > limit) return { line: lineNo, column: i + 1 };
        } else if (c === ']' || c === '}') {
          flow--;
          if (flow === 0) nodeStart = false;
        } else if ((c === '"' || c === "'") && (prev === '' || '[{,:?'.includes(prev))) {
          quote = c;
        }
        if (c !== ' ' && c !== '\t') prev = c;
        continue;
      }
      // Block context: brackets and quotes count only where a node starts, since a plain
      // scalar such as `name: x[1` may contain them.
      if (c === ' ' || c === '\t') continue;
      if (nodeStart && (c === '[' || c === '{')) {
        flow = 1;
        prev = c;
        if (stack.length + flow > limit) return { line: lineNo, column: i + 1 };
      } else if (nodeStart && (c === '"' || c === "'")) {
        quote = c;
        nodeStart = false;
      } else if (nodeStart && (c === '|' || c === '>')) {
        blockScalarIndent = indent;
        break;
      } else if (nodeStart && (c === '&' || c === '!')) {
        while (i + 1 < line.length && line[i + 1] !== ' ' && line[i + 1] !== '\t') i++;
      } else if (c === ':' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
        nodeStart = true;
      } else {
        nodeStart = false;
      }
    }
  }
  return null;
}

/** Whether the text after a `- ` marker starts a map (`key: value` or `key:`). */
function looksLikeKey(text: string): boolean {
  if (text === '' || text.startsWith('#') || text.startsWith('[') || text.startsWith('{')) return false;
  return /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"][^#]*?)[ \t]*:(?:[ \t]|$)/.test(text);
}
