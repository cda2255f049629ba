import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** Font names to pass to `doc.font()`: the committed Noto Sans CJK SC subset (scripts/make-cjk-font.sh). */
export const CJK = 'NotoSansSC';
export const CJK_BOLD = 'NotoSansSC-Bold';

// src/lib/pdf.ts (tsx, vitest) and dist/server.js (the esbuild bundle) sit at different depths.
const FONT_DIRS = ['../../assets/fonts/', '../assets/fonts/'];

function findFontDir(): string {
  for (const rel of FONT_DIRS) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(`${dir}NotoSansSC-Regular.ttf`)) return dir;
  }
  throw new Error(`CJK font not found (looked in ${FONT_DIRS.join(', ')} from ${import.meta.url})`);
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Read once per process (~2.2 MB a weight); every document parses and subsets from these buffers. */
function loadFonts() {
  if (!fonts) {
    const dir = findFontDir();
    fonts = { regular: fs.readFileSync(`${dir}NotoSansSC-Regular.ttf`), bold: fs.readFileSync(`${dir}NotoSansSC-Bold.ttf`) };
  }
  return fonts;
}

export interface DocumentOptions {
  size?: 'A4' | 'A5';
  layout?: 'portrait' | 'landscape';
  margin?: number;
  title: string;
  author?: string;
  subject?: string;
}

/**
 * A new A4/A5 document with the CJK font registered (regular and bold) and selected. The font is
 * subset into the PDF, so the file renders the same on any machine, with or without Chinese fonts.
 */
export function createDocument(opts: DocumentOptions): PDFKit.PDFDocument {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: opts.size ?? 'A4',
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 56,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: opts.title, Author: opts.author ?? '', Subject: opts.subject ?? '', Creator: 'Gongjiang' },
  });
  doc.registerFont(CJK, regular);
  doc.registerFont(CJK_BOLD, bold);
  doc.font(CJK);
  return doc;
}

/**
 * Draws a QR code of `text` as a PNG image, `size` points square, top-left at (x, y).
 * Error correction M survives a crease or a smudged printout; the PNG is rendered at ~300 dpi for the size.
 */
export async function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): Promise<void> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 0, width: Math.ceil((size / 72) * 300) });
  doc.image(png, x, y, { width: size, height: size });
}

/** Text colours of every document: ink, and a muted grey for labels and the footer. */
export const INK = '#1a1a1a';
export const MUTED = '#5c5c5c';

/**
 * Ends a document with its footer — a thin rule, then one small centred line of `text` at `y` — and resolves with the
 * whole file. The footer may sit on or below the bottom margin line: the margin is lifted so pdfkit starts no page 2.
 */
export function withFooter(doc: PDFKit.PDFDocument, text: string, left: number, width: number, y: number): Promise<Buffer> {
  doc.page.margins.bottom = 0;
  doc
    .moveTo(left, y - 8)
    .lineTo(left + width, y - 8)
    .lineWidth(0.4)
    .strokeColor('#bbbbbb')
    .stroke();
  doc.fontSize(8.5).fillColor(MUTED).text(text, left, y, { width, align: 'center', lineBreak: false });
  return toBuffer(doc);
}

/** Ends the document and resolves with the whole file. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
