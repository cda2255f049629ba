/**
 * Uploads as an attacker (or an unlucky export) makes them, for the import-limit tests and the memory
 * bench: a zip written by hand — so its directory can declare what we like — and the worst files of the
 * issue: one 100 MiB cell in a ~100 KiB XLSX, an unused 200 MiB part, 300,000 rows.
 */
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  data: Buffer;
  /** the unpacked size the zip's headers claim (default: the truth) */
  declaredSize?: number;
}

/** A zip archive (deflate) of the parts, with local headers, a central directory and its end record. */
export function zipOf(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const packed = zlib.deflateRawSync(part.data, { level: 6 });
    const crc = zlib.crc32(part.data);
    const size = part.declaredSize ?? part.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, packed);
    central.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal XLSX whose first sheet holds `sheetData` and whose shared strings are `shared`. */
export function workbookParts(sheetData: string | Buffer, shared: string[] | Buffer = []): ZipPart[] {
  const sst = Buffer.isBuffer(shared)
    ? shared
    : xml(
        `<sst xmlns="${MAIN}" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
      );
  return [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="理论" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/sharedStrings.xml', data: sst },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.isBuffer(sheetData) ? sheetData : xml(`<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`),
    },
  ];
}

/** A header row (shared strings 0 and 1: 检录号, 理论成绩) and rows of [bib, score]. */
export function theoryWorkbook(rows: [string, number][]): Buffer {
  const body = rows.map(
    ([bib, score], i) =>
      `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${bib}</t></is></c><c r="B${i + 2}"><v>${score}</v></c></row>`,
  );
  return zipOf(
    workbookParts(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>${body.join('')}`, ['检录号', '理论成绩']),
  );
}

const MiB = 2 ** 20;

/** One 100 MiB cell: a shared string of 100 MiB of 'A' — about 100 KiB packed. */
export function hugeCellXlsx(declaredTruthfully = true): Buffer {
  const cell = 'A'.repeat(100 * MiB);
  const sst = Buffer.concat([
    Buffer.from(`<sst xmlns="${MAIN}"><si><t>检录号</t></si><si><t>理论成绩</t></si><si><t>`),
    Buffer.from(cell),
    Buffer.from('</t></si></sst>'),
  ]);
  const parts = workbookParts(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1</v></c></row>',
    sst,
  );
  if (!declaredTruthfully) parts.find((p) => p.name === 'xl/sharedStrings.xml')!.declaredSize = 1000;
  return zipOf(parts);
}

/** A good little workbook plus an unused 200 MiB part. */
export function unusedBigPartXlsx(): Buffer {
  return zipOf([
    ...workbookParts('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', ['检录号', '理论成绩']),
    { name: 'xl/media/unused.bin', data: Buffer.alloc(200 * MiB) },
  ]);
}

/** 300,000 rows under the header. */
export function manyRowsXlsx(n = 300_000): Buffer {
  return theoryWorkbook(Array.from({ length: n }, (_, i) => [`A${String(i + 1).padStart(6, '0')}`, 60]));
}

export function manyRowsCsv(n = 300_000): string {
  const lines = ['检录号,理论成绩'];
  for (let i = 1; i <= n; i++) lines.push(`A${String(i).padStart(6, '0')},60`);
  return lines.join('\r\n') + '\r\n';
}
