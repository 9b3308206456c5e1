import { VmsFileError } from './vms-event.js';

/**
 * Finds where each top-level element of a JSON array ends, chunk by chunk, tracking only
 * strings, escapes and nesting depth, so that a million-element array is never held or parsed
 * whole. Elements come out as source text for JSON.parse.
 */

/** A larger element is not an audit record; refusing it bounds memory. */
const MAX_ELEMENT_CHARS = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}

/** Splits the text of one JSON array into the source text of its elements, chunk by chunk. */
export class ArrayElementScanner {
  /** Elements completed so far; the caller drains it. */
  readonly elements: string[] = [];
  private state: 'start' | 'first' | 'next' | 'element' | 'after' | 'done' = 'start';
  private kind: 'container' | 'string' | 'bare' = 'bare';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';

  /** Feeds text; `line` (the next element's number) goes into errors. Throws VmsFileError. */
  push(text: string, line: number): void {
    let start = this.state === 'element' ? 0 : -1;
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (this.state === 'element') {
        if (this.scanElement(c)) {
          const endsBefore = this.kind === 'bare';
          this.elements.push(this.current + text.slice(start, endsBefore ? i : i + 1));
          this.current = '';
          start = -1;
          this.state = 'after';
          if (endsBefore) continue; // the terminator is read again as punctuation
        }
        i++;
        continue;
      }
      if (!isSpace(c) && this.punctuation(c, line + this.elements.length)) start = i;
      i++;
    }
    if (this.state === 'element') {
      this.current += text.slice(start);
      if (this.current.length > MAX_ELEMENT_CHARS) {
        throw new VmsFileError(
          'bad_json',
          'a JSON array element is larger than 1 MiB',
          line + this.elements.length,
        );
      }
    }
  }

  end(line: number): void {
    if (this.state === 'start') throw new VmsFileError('empty_file', 'the file holds no JSON');
    if (this.state === 'element' && this.kind === 'bare') {
      this.elements.push(this.current);
      this.current = '';
      this.state = 'after';
    }
    if (this.state !== 'done') throw new VmsFileError('bad_json', 'the JSON array is cut short', line);
  }

  /** True when `c` ends the element (for a bare scalar: `c` is the character after it). */
  private scanElement(c: number): boolean {
    if (this.kind === 'bare') return c === COMMA || c === RBRACKET || c === RBRACE || isSpace(c);
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) {
        this.inString = false;
        return this.kind === 'string';
      }
      return false;
    }
    if (c === QUOTE) this.inString = true;
    else if (c === LBRACE || c === LBRACKET) this.depth++;
    else if (c === RBRACE || c === RBRACKET) return --this.depth === 0;
    return false;
  }

  /** Reads `c` between elements; true when it starts an element. */
  private punctuation(c: number, line: number): boolean {
    switch (this.state) {
      case 'start':
        if (c !== LBRACKET) throw new VmsFileError('bad_json', 'the file is not a JSON array');
        this.state = 'first';
        return false;
      case 'first':
      case 'next':
        if (c === RBRACKET && this.state === 'first') {
          this.state = 'done';
          return false;
        }
        if (c === COMMA || c === RBRACKET || c === RBRACE) {
          throw new VmsFileError('bad_json', 'a JSON array element is missing', line);
        }
        this.state = 'element';
        this.kind = c === LBRACE || c === LBRACKET ? 'container' : c === QUOTE ? 'string' : 'bare';
        this.depth = this.kind === 'container' ? 1 : 0;
        this.inString = this.kind === 'string';
        this.escaped = false;
        return true;
      case 'after':
        if (c === COMMA) this.state = 'next';
        else if (c === RBRACKET) this.state = 'done';
        else throw new VmsFileError('bad_json', 'expected , or ] after a JSON array element', line);
        return false;
      default:
        throw new VmsFileError('bad_json', 'unexpected text after the JSON array', line);
    }
  }
}
