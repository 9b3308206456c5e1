import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import type { Entry, ZipFile } from 'yauzl';

/**
 * One XML part of a workbook, inflated and parsed as a stream: nothing of it is held but what the
 * handlers keep. sax (not exceljs's saxes) because it never buffers without bound: text and CDATA
 * reach `text` in pieces of about sax.MAX_BUFFER_LENGTH (64 KiB) characters at most, and a name,
 * an attribute or a comment longer than that is an error. So a handler that counts can stop the
 * read at the first piece past a limit, whatever the file holds.
 */

export interface XmlHandlers {
  /** A start tag: its local name (any namespace prefix dropped) and its attributes as written. */
  open?(name: string, attributes: Readonly<Record<string, string | undefined>>): void;
  /** Text or CDATA, in pieces. */
  text?(text: string): void;
  close?(name: string): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Parses `entry`, pausing after each inflated chunk (so the caller can hand on what the handlers
 * gathered, and the event loop runs). A handler that throws stops the read; its error is thrown.
 */
export async function* parseXmlChunks(
  zip: ZipFile,
  entry: Entry,
  handlers: XmlHandlers,
): AsyncGenerator<void> {
  const parser = sax.parser(true);
  parser.onerror = (err) => {
    throw err;
  };
  if (handlers.open)
    parser.onopentag = (tag) =>
      handlers.open?.(localName(tag.name), tag.attributes as Record<string, string>);
  if (handlers.text) parser.ontext = parser.oncdata = (text) => handlers.text?.(text);
  if (handlers.close) parser.onclosetag = (name) => handlers.close?.(localName(name));
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream) {
      parser.write(decoder.write(chunk as Buffer));
      yield;
    }
    parser.write(decoder.end()).close();
  } finally {
    stream.destroy();
  }
}

/** Parses `entry` to its end. */
export async function parseXmlPart(zip: ZipFile, entry: Entry, handlers: XmlHandlers): Promise<void> {
  for await (const _ of parseXmlChunks(zip, entry, handlers));
}
