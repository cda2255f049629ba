/**
 * Reading an uploaded table (CSV or XLSX) within limits, checked while reading: an upload is refused as
 * soon as it is known to be too big — before inflating anything when the zip's directory says so — and
 * never held in memory beyond the limits below. README § Imports states them.
 *
 * XLSX: yauzl reads the zip's central directory first (entry count and declared sizes are checked before
 * a byte is inflated) and checks each entry's real inflated size against its declaration while streaming;
 * saxes parses the three parts we need (workbook, shared strings, the first sheet) as they inflate. Not
 * exceljs: its reader loads the whole workbook (a 101 KiB file with one 100 MiB cell cost 1.3 GB), and its
 * streaming reader inflates whatever local headers it meets without a directory check.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { IMPORT_LIMITS } from '@gongjiang/contract';
import { AppError, defineMessages, validation } from '../lib/errors';
import messages from '../messages/table-import.json' with { type: 'json' };

/** The limits are part of the contract (the import operation documents them). */
export { IMPORT_LIMITS };

defineMessages(messages);

const MiB = (n: number) => `${n / 2 ** 20} MiB`;
const tooLarge = (detail: string) => new AppError(413, 'FILE_TOO_LARGE', { detail });

export interface TableRow {
  /** the row number the organizer sees in the file (1-based) */
  row: number;
  cells: (string | number | null)[];
}

/** Counts rows and checks each row and cell as it is read. */
class TableBuilder {
  readonly rows: TableRow[] = [];
  add(row: number, cells: (string | number | null)[]): void {
    if (this.rows.length >= IMPORT_LIMITS.rows) throw tooLarge(`more than ${IMPORT_LIMITS.rows - 1} rows under the header`);
    if (cells.length > IMPORT_LIMITS.columns) throw validation(`file: row ${row} has more than ${IMPORT_LIMITS.columns} columns`);
    this.rows.push({ row, cells });
  }
}

const cellTooLong = (where: string) => validation(`file: ${where} holds more than ${IMPORT_LIMITS.cellChars} characters`);

/** A CSV upload's bytes: UTF-8 (with or without BOM), UTF-16LE with BOM, else GB18030 (what Excel on a Chinese Windows saves). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks; CRLF, LF or CR; a leading BOM
 * is dropped. With `limits`, rows, columns and field length are checked as the text is read.
 */
export function parseCsv(input: string, limits = false): string[][] {
  if (limits && input.length > IMPORT_LIMITS.fileBytes) throw tooLarge(`larger than ${MiB(IMPORT_LIMITS.fileBytes)}`);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const table = new TableBuilder();
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    if (limits && field.length > IMPORT_LIMITS.cellChars) throw cellTooLong(`a cell in row ${rows.length + 1}`);
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    if (limits) table.add(rows.length + 1, row);
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      if (limits && field.length > IMPORT_LIMITS.cellChars) throw cellTooLong(`a cell in row ${rows.length + 1}`);
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw validation('csv: a quoted field is not closed');
  if (fieldStarted || row.length) endRow();
  return rows;
}

/** CSV text → numbered rows, within the import limits. */
export function readCsvTable(text: string): TableRow[] {
  return parseCsv(text, true).map((cells, i) => ({ row: i + 1, cells }));
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

const notAWorkbook = () => validation('file: not a readable XLSX workbook');

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(notAWorkbook()) : resolve(zip),
    ),
  );
}

/** The zip's directory, checked before anything is inflated: entry count and declared unpacked sizes. */
function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    let declared = 0;
    if (zip.entryCount > IMPORT_LIMITS.zipEntries) return reject(tooLarge(`more than ${IMPORT_LIMITS.zipEntries} parts in the workbook`));
    zip.on('entry', (entry: Entry) => {
      declared += entry.uncompressedSize;
      if (declared > IMPORT_LIMITS.unzippedBytes)
        return reject(tooLarge(`the workbook unpacks to more than ${MiB(IMPORT_LIMITS.unzippedBytes)}`));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(notAWorkbook()));
    zip.readEntry();
  });
}

interface XmlHandlers {
  open?: (tag: SaxesTagPlain) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

/** Inflates one part and feeds it to an XML parser; a handler's exception stops the inflating at once. */
function parsePart(zip: ZipFile, entry: Entry, handlers: XmlHandlers): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(notAWorkbook());
      const parser = new SaxesParser();
      const decoder = new TextDecoder('utf-8');
      if (handlers.open) parser.on('opentag', handlers.open);
      if (handlers.text) parser.on('text', handlers.text);
      if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        stream.destroy();
        reject(e instanceof AppError ? e : notAWorkbook());
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          parser.write(decoder.decode(chunk, { stream: true }));
        } catch (e) {
          fail(e);
        }
      });
      // yauzl errors when a part inflates to more than the directory declared
      stream.on('error', () => fail(tooLarge(`a part of the workbook unpacks to more than it declares`)));
      stream.on('end', () => {
        if (failed) return;
        try {
          parser.write(decoder.decode());
          parser.close();
          resolve();
        } catch (e) {
          fail(e);
        }
      });
    });
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const attr = (tag: SaxesTagPlain, name: string) => {
  for (const [k, v] of Object.entries(tag.attributes)) if (k === name || localName(k) === name) return v;
  return undefined;
};

/** xl/workbook.xml + its relationships → the path of the first worksheet in the workbook's order. */
async function firstSheetPath(zip: ZipFile, entries: Map<string, Entry>): Promise<string> {
  const book = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!book || !rels) throw notAWorkbook();
  let firstId: string | undefined;
  await parsePart(zip, book, {
    open: (tag) => {
      if (!firstId && localName(tag.name) === 'sheet') firstId = attr(tag, 'id');
    },
  });
  let target: string | undefined;
  await parsePart(zip, rels, {
    open: (tag) => {
      if (localName(tag.name) === 'Relationship' && tag.attributes.Id === firstId) target = tag.attributes.Target;
    },
  });
  if (!target) throw validation('file: the workbook has no sheet');
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** The shared-string table (the text of every <si>, phonetic runs left out), each string within the cell limit. */
async function sharedStrings(zip: ZipFile, entry: Entry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  await parsePart(zip, entry, {
    open: (tag) => {
      const n = localName(tag.name);
      if (n === 'si') current = '';
      else if (n === 'rPh') phonetic += 1;
      else if (n === 't') inText = true;
    },
    text: (text) => {
      if (current === null || !inText || phonetic) return;
      current += text;
      if (current.length > IMPORT_LIMITS.cellChars) throw cellTooLong('a text in the workbook');
    },
    close: (name) => {
      const n = localName(name);
      if (n === 't') inText = false;
      else if (n === 'rPh') phonetic -= 1;
      else if (n === 'si') {
        strings.push(current ?? '');
        current = null;
      }
    },
  });
  return strings;
}

/** "BC12" → 54 (0-based column of a cell reference). */
function columnOf(ref: string): number {
  let col = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
    if (col > IMPORT_LIMITS.columns) break;
  }
  return col - 1;
}

async function sheetRows(zip: ZipFile, entry: Entry, shared: string[]): Promise<TableRow[]> {
  const table = new TableBuilder();
  let rowNumber = 0;
  let cells: (string | number | null)[] | null = null;
  let col = -1;
  let type = 'n';
  let value = '';
  let inValue = false;
  await parsePart(zip, entry, {
    open: (tag) => {
      const n = localName(tag.name);
      if (n === 'row') {
        rowNumber = Number(tag.attributes.r) || rowNumber + 1;
        cells = [];
        col = -1;
      } else if (n === 'c' && cells) {
        const ref = tag.attributes.r;
        col = ref ? columnOf(ref) : col + 1;
        if (col >= IMPORT_LIMITS.columns) throw validation(`file: row ${rowNumber} has more than ${IMPORT_LIMITS.columns} columns`);
        type = tag.attributes.t ?? 'n';
        value = '';
      } else if (n === 'v' || (n === 't' && type === 'inlineStr')) inValue = true;
    },
    text: (text) => {
      if (!inValue) return;
      value += text;
      if (value.length > IMPORT_LIMITS.cellChars) throw cellTooLong(`a cell in row ${rowNumber}`);
    },
    close: (name) => {
      const n = localName(name);
      if (n === 'v' || n === 't') inValue = false;
      else if (n === 'c' && cells) {
        let cell: string | number | null = value;
        if (type === 's') cell = shared[Number(value)] ?? null;
        else if (type === 'b') cell = value === '1' ? 'true' : 'false';
        else if (type === 'e') cell = null;
        else if (type === 'n') cell = value === '' ? null : Number.isFinite(Number(value)) ? Number(value) : value;
        cells[col] = cell === '' ? null : cell;
      } else if (n === 'row' && cells) {
        if (cells.some((c) => c !== null && c !== undefined))
          table.add(
            rowNumber,
            Array.from(cells, (c) => c ?? null),
          );
        cells = null;
      }
    },
  });
  return table.rows;
}

/** The first worksheet of an XLSX upload as numbered rows, within the import limits. */
export async function readXlsxTable(bytes: Buffer): Promise<TableRow[]> {
  if (bytes.length > IMPORT_LIMITS.fileBytes) throw tooLarge(`larger than ${MiB(IMPORT_LIMITS.fileBytes)}`);
  const zip = await openZip(bytes);
  try {
    const entries = await listEntries(zip);
    const sheetPath = await firstSheetPath(zip, entries);
    const sheet = entries.get(sheetPath);
    if (!sheet) throw validation('file: the workbook has no sheet');
    const shared = await sharedStrings(zip, entries.get('xl/sharedStrings.xml'));
    return await sheetRows(zip, sheet, shared);
  } finally {
    zip.close();
  }
}
