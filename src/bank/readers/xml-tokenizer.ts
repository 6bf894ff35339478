import { assert } from '../../kernel/assert.ts';

/** What the tokenizer reports; called synchronously from `write` and `close`, in document order. */
export type XmlTokenHandler = {
  /** An element opened; its attributes are readable from the tokenizer until the next call. */
  openTag(name: string): void;
  /** The innermost open element closed (an empty element `<a/>` opens and closes at once). */
  closeTag(): void;
  /** Character data of the current element (entities decoded, line ends normalised), in one or more pieces. */
  text(text: string): void;
};

/** Limits of one document: every buffer the tokenizer keeps is bounded by them. */
export type XmlTokenizerLimits = {
  readonly depthMax: number;
  /** Longest text node, attribute, tag, comment, CDATA section or processing instruction, in UTF-16 units. */
  readonly nodeCharsMax: number;
  readonly attributesMax: number;
};

/**
 * A document the tokenizer refuses. `malformed` is an XML well-formedness error; `limit` a node beyond a
 * limit; `dtd` a document type declaration, which bank files never need and which is where entity attacks
 * (XXE, billion laughs) live.
 */
export class XmlTokenError extends Error {
  override name = 'XmlTokenError';
  constructor(
    readonly kind: 'malformed' | 'limit' | 'dtd',
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

const lessThan = 0x3c;
const greaterThan = 0x3e;
const slash = 0x2f;
const bang = 0x21;
const question = 0x3f;
const equals = 0x3d;
const quote = 0x22;
const apostrophe = 0x27;
const hyphen = 0x2d;
const leftBracket = 0x5b;
const internedNamesSize = 1024;
const internedCharsMax = 40;
/** An incomplete node this long makes `write` wait for more text before scanning it again. */
const carryDeferCharsMin = 64 * 1024;

/** ASCII name characters of XML 1.0 (5th edition): 1 may start a name, 2 may only continue one. */
const asciiNameChar = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) asciiNameChar[code] = 1;
  else if (/[0-9.-]/.test(char)) asciiNameChar[code] = 2;
}
const nameStartNonAscii =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: tested one UTF-16 unit at a time, surrogates included
  /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: tested one UTF-16 unit at a time
const nameCharNonAscii = /[\u00B7\u0300-\u036F\u203F\u2040]/;
/**
 * Characters XML 1.0 forbids anywhere: control characters but tab and line ends, U+FFFE and U+FFFF (lone
 * surrogates are checked by `isWellFormed`). A negated class: V8 scans it about twice as fast as the list.
 */
const forbiddenChars = /[^\t\n\r\x20-\uFFFD]/;
const xmlDeclaration =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;
const predefinedEntities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** `String.prototype.isWellFormed` (Node 20, ES2024) is newer than the TypeScript library this project targets. */
type WellFormedCheckable = string & { isWellFormed(): boolean };

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

/**
 * A streaming XML 1.0 tokenizer for bank files, built for speed on large statements: it scans decoded text
 * with `indexOf` instead of a character-by-character state machine, hands out element names from a small
 * intern table instead of allocating them, and slices text only for elements the handler asks for
 * (`captureText`). It checks well-formedness (names, attributes, entities, comments, CDATA, nesting, one root,
 * allowed characters) like a conforming non-validating parser without namespaces, and refuses every DTD, so
 * no entity beyond the five predefined ones and character references is ever expanded. Memory is bounded
 * by `nodeCharsMax`: an incomplete node is carried to the next write only up to that size.
 */
export class XmlTokenizer {
  /** Set by the handler in `openTag`: whether the element's character data is wanted. */
  captureText = false;
  /** Attributes of the element being opened, valid during `openTag`. */
  attributeCount = 0;
  readonly attributeNames: string[] = [];
  readonly attributeValues: string[] = [];

  readonly #handler: XmlTokenHandler;
  readonly #limits: XmlTokenizerLimits;
  readonly #stack: string[] = [];
  readonly #interned = new Array<string | undefined>(internedNamesSize);
  #carry = '';
  /** Writes held back while a large node is incomplete (see `write`); they follow `#carry`. */
  #deferred: string[] = [];
  #deferredChars = 0;
  #pendingHighSurrogate = '';
  #buffer = '';
  /** Where in `#buffer` the tokenizer is: positions in errors are computed from it lazily. */
  #index = 0;
  #linesBefore = 0;
  #columnBefore = 0;
  #started = false;
  #rootOpened = false;
  #rootClosed = false;
  #closed = false;
  /** Characters of the current text node so far, across writes. */
  #textChars = 0;
  #nameHash = 0;
  /** Cached next positions in `#buffer` of `&`, `]]>` and CR (-1: not searched yet; buffer length: none). */
  #nextAmpersand = -1;
  #nextCdataEnd = -1;
  #nextCarriageReturn = -1;

  constructor(handler: XmlTokenHandler, limits: XmlTokenizerLimits) {
    this.#handler = handler;
    this.#limits = limits;
  }

  /** The 1-based line and column of what is being read, for messages. */
  get line(): number {
    return this.#position().line;
  }
  get column(): number {
    return this.#position().column;
  }

  /** The value of the current element's attribute `name`, or undefined. */
  attribute(name: string): string | undefined {
    for (let index = 0; index < this.attributeCount; index += 1) {
      if (this.attributeNames[index] === name) return this.attributeValues[index];
    }
    return undefined;
  }

  /** Feeds the next piece of decoded text. */
  write(chunk: string): void {
    if (this.#closed) this.#fail('malformed', 'cannot write after the end of the document');
    let text = this.#pendingHighSurrogate === '' ? chunk : this.#pendingHighSurrogate + chunk;
    this.#pendingHighSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      // A surrogate pair split between two writes is checked whole with the next one.
      this.#pendingHighSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.#checkCharacters(text);
    const carry = this.#carry;
    if (carry.length >= carryDeferCharsMin || this.#deferredChars > 0) {
      // A large node still incomplete is scanned again only once it has grown by half, so a long comment or
      // tag arriving in tiny writes costs linear time, not a rescan of the whole node per write.
      this.#deferred.push(text);
      this.#deferredChars += text.length;
      const total = carry.length + this.#deferredChars;
      if (this.#deferredChars * 2 < carry.length && total <= this.#limits.nodeCharsMax) return;
      text = this.#deferred.join('');
      this.#deferred = [];
      this.#deferredChars = 0;
    }
    this.#run(carry === '' ? text : carry + text, false);
  }

  /** Ends the document: refuses one that is truncated or has no root element. */
  close(): void {
    if (this.#closed) return;
    if (this.#pendingHighSurrogate !== '') {
      this.#index = this.#buffer.length;
      this.#fail('malformed', 'disallowed character.');
    }
    this.#run(this.#carry + this.#deferred.join(''), true);
    this.#deferred = [];
    this.#closed = true;
    if (this.#carry !== '') this.#fail('malformed', 'unexpected end.');
    if (this.#stack.length > 0) this.#fail('malformed', `unclosed tag: ${this.#stack[this.#stack.length - 1]}`);
    if (!this.#rootOpened) this.#fail('malformed', 'document must contain a root element.');
  }

  #checkCharacters(text: string): void {
    if (forbiddenChars.test(text) || !(text as WellFormedCheckable).isWellFormed()) {
      let at = text.search(forbiddenChars);
      if (at < 0) at = firstLoneSurrogate(text);
      this.#index = this.#carry.length + Math.max(0, at);
      this.#buffer = this.#carry + text;
      this.#fail('malformed', 'disallowed character.');
    }
  }

  /** Tokenizes `buffer` as far as it is complete and keeps the rest (an incomplete node) for the next write. */
  #run(buffer: string, final: boolean): void {
    this.#buffer = buffer;
    this.#nextAmpersand = -1;
    this.#nextCdataEnd = -1;
    this.#nextCarriageReturn = -1;
    const end = buffer.length;
    let index = 0;
    while (index < end) {
      this.#index = index;
      const next =
        buffer.charCodeAt(index) === lessThan ? this.#markup(buffer, index, final) : this.#text(buffer, index, final);
      if (next < 0) break;
      this.#started = true;
      index = next;
    }
    this.#index = index;
    this.#advancePosition(buffer, index);
    this.#carry = index === 0 ? buffer : buffer.slice(index);
    if (this.#carry.length > this.#limits.nodeCharsMax) {
      this.#fail('limit', `an XML node longer than ${this.#limits.nodeCharsMax} characters`);
    }
  }

  /** Character data from `start` to the next `<`; returns where it stopped, or -1 to wait for more. */
  #text(buffer: string, start: number, final: boolean): number {
    const end = buffer.length;
    const lessThanAt = buffer.indexOf('<', start);
    let stop = lessThanAt < 0 ? end : lessThanAt;
    if (lessThanAt < 0 && !final) {
      // An entity reference, a CR LF pair or `]]>` may continue in the next write: keep its start back.
      const ampersandAt = buffer.lastIndexOf('&', end - 1);
      if (ampersandAt >= start && buffer.indexOf(';', ampersandAt) < 0) stop = ampersandAt;
      while (stop > start) {
        const code = buffer.charCodeAt(stop - 1);
        if (code !== 0x0d /* CR */ && code !== 0x5d /* ] */) break;
        stop -= 1;
      }
      if (stop === start) return -1;
    }
    this.#textChars += stop - start;
    if (this.#textChars > this.#limits.nodeCharsMax) {
      this.#fail('limit', `an XML node longer than ${this.#limits.nodeCharsMax} characters`);
    }
    if (this.#stack.length === 0) {
      for (let index = start; index < stop; index += 1) {
        if (!isSpace(buffer.charCodeAt(index))) {
          this.#index = index;
          this.#fail('malformed', 'text data outside of root node.');
        }
      }
      return stop;
    }
    if (this.#nextCdataEnd < start) this.#nextCdataEnd = indexOrEnd(buffer, ']]>', start);
    if (this.#nextCdataEnd + 3 <= stop) {
      this.#index = this.#nextCdataEnd;
      this.#fail('malformed', 'the string "]]>" is disallowed in char data.');
    }
    if (this.#nextAmpersand < start) this.#nextAmpersand = indexOrEnd(buffer, '&', start);
    const hasEntity = this.#nextAmpersand < stop;
    if (!this.captureText) {
      if (hasEntity) this.#decode(buffer, start, stop, false);
      return stop;
    }
    let value = hasEntity ? this.#decode(buffer, start, stop, true) : buffer.slice(start, stop);
    if (this.#nextCarriageReturn < start) this.#nextCarriageReturn = indexOrEnd(buffer, '\r', start);
    if (this.#nextCarriageReturn < stop) value = normalizeLineEnds(value);
    this.#handler.text(value);
    return stop;
  }

  /** Decodes (or, when not `keep`, only checks) the entity and character references in `[start, stop)`. */
  #decode(buffer: string, start: number, stop: number, keep: boolean): string {
    let out = '';
    let from = start;
    let ampersandAt = buffer.indexOf('&', start);
    while (ampersandAt >= 0 && ampersandAt < stop) {
      const semicolonAt = buffer.indexOf(';', ampersandAt + 1);
      this.#index = ampersandAt;
      if (semicolonAt < 0 || semicolonAt >= stop) this.#fail('malformed', 'disallowed character in entity name.');
      const resolved = this.#entity(buffer.slice(ampersandAt + 1, semicolonAt));
      if (keep) out += buffer.slice(from, ampersandAt) + resolved;
      from = semicolonAt + 1;
      ampersandAt = buffer.indexOf('&', from);
    }
    this.#nextAmpersand = ampersandAt < 0 ? buffer.length : ampersandAt;
    return keep ? out + buffer.slice(from, stop) : '';
  }

  #entity(name: string): string {
    if (name === '') this.#fail('malformed', 'empty entity name.');
    if (name.charCodeAt(0) !== 0x23 /* # */) {
      const defined = predefinedEntities[name];
      if (defined !== undefined) return defined;
      // There is no DTD, so no other entity can be defined: it is never looked up anywhere.
      this.#fail('malformed', isName(name) ? `undefined entity "${name}".` : 'disallowed character in entity name.');
    }
    let code = Number.NaN;
    if (/^#x[0-9a-fA-F]{1,8}$/.test(name)) code = Number.parseInt(name.slice(2), 16);
    else if (/^#[0-9]{1,10}$/.test(name)) code = Number.parseInt(name.slice(1), 10);
    if (!isXmlChar(code)) this.#fail('malformed', 'malformed character entity.');
    return String.fromCodePoint(code);
  }

  /** A tag, comment, CDATA section or processing instruction at `start`; returns its end, or -1 to wait. */
  #markup(buffer: string, start: number, final: boolean): number {
    this.#textChars = 0;
    const end = buffer.length;
    if (start + 1 >= end) return final ? this.#fail('malformed', 'unexpected end.') : -1;
    const second = buffer.charCodeAt(start + 1);
    if (second === slash) return this.#closeTag(buffer, start);
    if (second === bang) return this.#declaration(buffer, start);
    if (second === question) return this.#processingInstruction(buffer, start);
    return this.#openTag(buffer, start);
  }

  #openTag(buffer: string, start: number): number {
    const end = buffer.length;
    const nameEnd = this.#nameEnd(buffer, start + 1);
    if (nameEnd === start + 1) this.#fail('malformed', 'disallowed character in tag name.');
    if (nameEnd >= end) return -1;
    if (this.#rootClosed) this.#fail('malformed', 'documents may contain only one root.');
    const name = this.#intern(buffer, start + 1, nameEnd, this.#nameHash);
    this.attributeCount = 0;
    let index = nameEnd;
    for (;;) {
      const spaceStart = index;
      while (index < end && isSpace(buffer.charCodeAt(index))) index += 1;
      if (index >= end) return -1;
      const code = buffer.charCodeAt(index);
      if (code === greaterThan) {
        this.#open(name, index);
        return index + 1;
      }
      if (code === slash) {
        if (index + 1 >= end) return -1;
        if (buffer.charCodeAt(index + 1) !== greaterThan) {
          this.#index = index;
          this.#fail('malformed', 'forward-slash in opening tag not followed by >.');
        }
        this.#open(name, index + 1);
        this.#close();
        return index + 2;
      }
      this.#index = index;
      if (index === spaceStart) this.#fail('malformed', 'no whitespace between attributes.');
      index = this.#attribute(buffer, index);
      if (index < 0) return -1;
    }
  }

  /** One `name="value"` at `start`; returns its end, or -1 to wait for more. */
  #attribute(buffer: string, start: number): number {
    const end = buffer.length;
    const nameEnd = this.#nameEnd(buffer, start);
    if (nameEnd === start) this.#fail('malformed', 'disallowed character in attribute name.');
    const nameHash = this.#nameHash;
    let index = nameEnd;
    while (index < end && isSpace(buffer.charCodeAt(index))) index += 1;
    if (index >= end) return -1;
    if (buffer.charCodeAt(index) !== equals) this.#fail('malformed', 'attribute without value.');
    index += 1;
    while (index < end && isSpace(buffer.charCodeAt(index))) index += 1;
    if (index >= end) return -1;
    const delimiter = buffer.charCodeAt(index);
    if (delimiter !== quote && delimiter !== apostrophe) this.#fail('malformed', 'unquoted attribute value.');
    const valueEnd = buffer.indexOf(delimiter === quote ? '"' : "'", index + 1);
    if (valueEnd < 0) return -1;
    let valueHash = 0;
    for (let at = index + 1; at < valueEnd && at <= index + internedCharsMax; at += 1)
      valueHash = (Math.imul(valueHash, 31) + buffer.charCodeAt(at)) | 0;
    const raw = this.#intern(buffer, index + 1, valueEnd, valueHash);
    if (raw.includes('<')) {
      this.#index = index + 1 + raw.indexOf('<');
      this.#fail('malformed', 'disallowed character.');
    }
    const name = this.#intern(buffer, start, nameEnd, nameHash);
    for (let other = 0; other < this.attributeCount; other += 1) {
      if (this.attributeNames[other] === name) this.#fail('malformed', `duplicate attribute: ${name}.`);
    }
    if (this.attributeCount >= this.#limits.attributesMax) {
      this.#fail('limit', `more than ${this.#limits.attributesMax} attributes on one element`);
    }
    let value = raw.includes('&') ? this.#decode(buffer, index + 1, valueEnd, true) : raw;
    // Attribute-value normalisation: line ends become one space, then every white space character a space.
    if (/[\t\n\r]/.test(value)) value = normalizeLineEnds(value).replace(/[\t\n]/g, ' ');
    this.attributeNames[this.attributeCount] = name;
    this.attributeValues[this.attributeCount] = value;
    this.attributeCount += 1;
    return valueEnd + 1;
  }

  /** `end` is where the tag ends (its `>`): positions in messages about an element point there, as saxes does. */
  #open(name: string, end: number): void {
    if (this.#stack.length >= this.#limits.depthMax) {
      this.#fail('limit', `XML nested deeper than ${this.#limits.depthMax} elements`);
    }
    this.#stack.push(name);
    this.#rootOpened = true;
    this.#index = end;
    this.captureText = false;
    this.#handler.openTag(name);
  }

  #close(): void {
    this.#stack.pop();
    if (this.#stack.length === 0) this.#rootClosed = true;
    this.captureText = false;
    this.#handler.closeTag();
  }

  #closeTag(buffer: string, start: number): number {
    const expected = this.#stack[this.#stack.length - 1];
    let index = start + 2;
    const nameEnd = index + (expected === undefined ? 0 : expected.length);
    // The common case, `</Name>` right after its content, is checked without searching.
    if (expected !== undefined && buffer.charCodeAt(nameEnd) === greaterThan && sameChars(buffer, index, expected)) {
      this.#index = nameEnd;
      this.#close();
      return nameEnd + 1;
    }
    const greaterThanAt = buffer.indexOf('>', start);
    if (greaterThanAt < 0) return -1;
    if (expected === undefined) this.#fail('malformed', 'unexpected close tag.');
    if (!sameChars(buffer, index, expected)) this.#fail('malformed', 'unexpected close tag.');
    index += expected.length;
    while (isSpace(buffer.charCodeAt(index))) index += 1;
    if (index !== greaterThanAt) this.#fail('malformed', 'unexpected close tag.');
    this.#index = greaterThanAt;
    this.#close();
    return greaterThanAt + 1;
  }

  /** `<!--`, `<![CDATA[`; anything else after `<!` is a DTD declaration and refused. */
  #declaration(buffer: string, start: number): number {
    const end = buffer.length;
    if (start + 2 >= end) return -1;
    const third = buffer.charCodeAt(start + 2);
    if (third === hyphen) {
      if (start + 3 >= end) return -1;
      if (buffer.charCodeAt(start + 3) !== hyphen) this.#fail('malformed', 'malformed comment.');
      const close = buffer.indexOf('-->', start + 4);
      const doubleHyphen = buffer.indexOf('--', start + 4);
      if (close < 0) {
        if (doubleHyphen >= 0 && doubleHyphen + 2 < end) this.#fail('malformed', 'malformed comment.');
        return -1;
      }
      if (doubleHyphen !== close) this.#fail('malformed', 'malformed comment.');
      return close + 3;
    }
    if (third === leftBracket) {
      const opening = '<![CDATA[';
      if (end - start < opening.length) return opening.startsWith(buffer.slice(start)) ? -1 : this.#malformedMarkup();
      if (!buffer.startsWith(opening, start)) this.#malformedMarkup();
      if (this.#stack.length === 0) this.#fail('malformed', 'CDATA section outside of root node.');
      const close = buffer.indexOf(']]>', start + opening.length);
      if (close < 0) return -1;
      if (this.captureText) this.#handler.text(normalizeLineEnds(buffer.slice(start + opening.length, close)));
      return close + 3;
    }
    if ((third >= 0x41 && third <= 0x5a) || (third >= 0x61 && third <= 0x7a)) {
      this.#fail('dtd', 'DOCTYPE/DTD is not allowed in a bank file');
    }
    return this.#malformedMarkup();
  }

  #malformedMarkup(): never {
    return this.#fail('malformed', 'incorrect syntax.');
  }

  #processingInstruction(buffer: string, start: number): number {
    const close = buffer.indexOf('?>', start + 2);
    if (close < 0) return -1;
    const targetEnd = this.#nameEnd(buffer, start + 2);
    if (targetEnd === start + 2) this.#fail('malformed', 'processing instruction without a target.');
    const target = buffer.slice(start + 2, targetEnd);
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.#started || start !== 0) {
        this.#fail('malformed', 'an XML declaration must be at the start of the document.');
      }
      if (!xmlDeclaration.test(buffer.slice(start, close + 2))) this.#fail('malformed', 'malformed XML declaration.');
    } else if (targetEnd !== close && !isSpace(buffer.charCodeAt(targetEnd))) {
      this.#fail('malformed', 'disallowed character in processing instruction name.');
    }
    return close + 2;
  }

  /**
   * Where the name starting at `start` ends (`start` itself when there is none); leaves the name's hash in
   * `#nameHash` for `#intern`, so a name is read once.
   */
  #nameEnd(buffer: string, start: number): number {
    const end = buffer.length;
    let index = start;
    let hash = 0;
    while (index < end) {
      const code = buffer.charCodeAt(index);
      if (code < 128) {
        const kind = asciiNameChar[code]!;
        if (kind === 0 || (kind === 2 && index === start)) break;
      } else {
        const char = buffer[index]!;
        if (!nameStartNonAscii.test(char) && (index === start || !nameCharNonAscii.test(char))) break;
      }
      hash = (Math.imul(hash, 31) + code) | 0;
      index += 1;
    }
    this.#nameHash = hash;
    return index;
  }

  /**
   * Element names, attribute names and values like currency codes repeat endlessly in a statement: the same
   * string is handed out each time instead of a new one. `hash` must be that of `buffer[start, end)`.
   */
  #intern(buffer: string, start: number, end: number, hash: number): string {
    const length = end - start;
    // Only short strings are kept, so the table stays a few kilobytes whatever the file holds.
    if (length > internedCharsMax) return buffer.slice(start, end);
    const slot = (hash ^ length) & (internedNamesSize - 1);
    const known = this.#interned[slot];
    if (known !== undefined && known.length === length && sameChars(buffer, start, known)) return known;
    const name = buffer.slice(start, end);
    this.#interned[slot] = name;
    return name;
  }

  #advancePosition(buffer: string, end: number): void {
    let newlineAt = buffer.indexOf('\n');
    if (newlineAt < 0 || newlineAt >= end) {
      this.#columnBefore += end;
      return;
    }
    let lastNewline = newlineAt;
    while (newlineAt >= 0 && newlineAt < end) {
      this.#linesBefore += 1;
      lastNewline = newlineAt;
      newlineAt = buffer.indexOf('\n', newlineAt + 1);
    }
    this.#columnBefore = end - lastNewline - 1;
  }

  #position(): { line: number; column: number } {
    const buffer = this.#buffer;
    const at = Math.min(this.#index, buffer.length);
    let line = this.#linesBefore + 1;
    let column = this.#columnBefore + at;
    let newlineAt = buffer.indexOf('\n');
    while (newlineAt >= 0 && newlineAt < at) {
      line += 1;
      column = at - newlineAt - 1;
      newlineAt = buffer.indexOf('\n', newlineAt + 1);
    }
    return { line, column: column + 1 };
  }

  #fail(kind: XmlTokenError['kind'], reason: string): never {
    const { line, column } = this.#position();
    this.#closed = true;
    throw new XmlTokenError(kind, reason, line, column);
  }
}

/** Whether `buffer` holds `text` at `start` (for short names, quicker than `startsWith`). */
function sameChars(buffer: string, start: number, text: string): boolean {
  if (start + text.length > buffer.length) return false;
  for (let index = 0; index < text.length; index += 1) {
    if (buffer.charCodeAt(start + index) !== text.charCodeAt(index)) return false;
  }
  return true;
}

function indexOrEnd(buffer: string, search: string, from: number): number {
  const at = buffer.indexOf(search, from);
  return at < 0 ? buffer.length : at;
}

function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function isName(text: string): boolean {
  if (text === '') return false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const start = index === 0;
    if (code < 128) {
      const kind = asciiNameChar[code]!;
      if (kind === 0 || (kind === 2 && start)) return false;
    } else if (!nameStartNonAscii.test(text[index]!) && (start || !nameCharNonAscii.test(text[index]!))) return false;
  }
  return true;
}

/** The Char production of XML 1.0. */
function isXmlChar(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function firstLoneSurrogate(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
      else return index;
    } else if (code >= 0xdc00 && code <= 0xdfff) return index;
  }
  assert(false, 'a string that is not well formed has a lone surrogate');
}
