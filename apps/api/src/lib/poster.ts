import fs from 'node:fs';
import path from 'node:path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';

/**
 * The share poster (分享海报) of a contest, drawn on the server with @napi-rs/canvas (Skia with prebuilt binaries: no
 * system build, no browser) in the CJK font of Debian's fonts-noto-cjk. 750 px wide — the width WeChat shows an image
 * at full phone width — and as tall as its content. The QR code is drawn module by module (crisp at any zoom).
 */
export interface PosterContent {
  title: string;
  /** e.g. 市级 · 列入年度计划 */
  tier: string;
  /** 2026年12月15日 09:00 至 12月16日 17:00 (Beijing time) */
  when: string;
  /** the registration window, Beijing time */
  registration: string;
  organiser: string | null;
  venue: string | null;
  /** one line per event: trade and level */
  events: string[];
  /** the contest page's absolute URL (the QR code) */
  url: string;
  platform: string;
  tagline: string;
}

export const POSTER_WIDTH = 750;

/** Where Debian's fonts-noto-cjk (and a few other distributions) put the CJK sans font. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc',
];

/** The canvas library loads on the first poster, not at start: its native part takes 0.5–1 s to load on a busy machine. */
const skia = () => import('@napi-rs/canvas');

const REGULAR = 'GJPosterSans';
const BOLD = 'GJPosterSansBold';

export type PosterFonts = { file: string } | { file: null; tried: string[] };

/**
 * Registers the poster's font once: POSTER_FONT when set, else the first of the usual places. Its bold sibling
 * (…-Bold in the same folder) is used for headings when present; without it Skia emboldens the regular face.
 */
export async function loadPosterFonts(configured: string | undefined): Promise<PosterFonts> {
  const { GlobalFonts } = await skia();
  const tried = configured ? [configured] : FONT_CANDIDATES;
  for (const file of tried) {
    if (!fs.existsSync(file) || !GlobalFonts.registerFromPath(file, REGULAR)) continue;
    const bold = path.join(path.dirname(file), path.basename(file).replace(/-Regular\./, '-Bold.'));
    if (bold === file || !fs.existsSync(bold) || !GlobalFonts.registerFromPath(bold, BOLD)) GlobalFonts.registerFromPath(file, BOLD);
    return { file };
  }
  return { file: null, tried };
}

const RED = '#9f1b1f';
const DEEP_RED = '#7a1114';
const GOLD = '#e6c36a';
const INK = '#1f1f1f';
const GREY = '#5c5c5c';
const PAPER = '#fffaf0';

const PAD = 48;
const INNER = POSTER_WIDTH - 2 * PAD;

/** Characters that never start a line (Chinese line breaking, 避头), and runs of Latin letters/digits kept whole. */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕…—,.;:?!)%');
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9@#&+\-./:_%]+|\s|./gu) ?? [];
}

/**
 * Greedy line breaking by measured width, at most `maxLines` lines (the last ends in … when cut). A period that does
 * not fit on one line breaks before its 至, so a date and its time stay together.
 */
function wrap(g: SKRSContext2D, text: string, width: number, maxLines: number): string[] {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const paragraphs = g.measureText(oneLine).width > width && oneLine.includes(' 至 ') ? oneLine.split(/ (?=至 )/) : [oneLine];
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    let line = '';
    for (const token of tokens(paragraph)) {
      const next = line + token;
      if (g.measureText(next).width <= width || line === '' || NO_LINE_START.has(token)) {
        line = next;
        continue;
      }
      lines.push(line.trimEnd());
      line = token.trimStart();
    }
    if (line) lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && g.measureText(`${last}…`).width > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

interface Block {
  height: number;
  draw(g: SKRSContext2D, top: number): void;
}

function textBlock(
  g: SKRSContext2D,
  text: string,
  font: string,
  size: number,
  color: string,
  lineHeight: number,
  maxLines: number,
  x = PAD,
  width = INNER,
): Block {
  g.font = font;
  const lines = wrap(g, text, width, maxLines);
  return {
    height: lines.length * lineHeight,
    draw(ctx, top) {
      ctx.font = font;
      ctx.fillStyle = color;
      ctx.textBaseline = 'alphabetic';
      lines.forEach((l, i) => ctx.fillText(l, x, top + i * lineHeight + Math.round(size * 0.95)));
    },
  };
}

/** A labelled fact (比赛时间 …): the label in red on the left, the value wrapped beside it. */
function fact(g: SKRSContext2D, label: string, value: string): Block {
  const labelWidth = 140;
  const body = textBlock(g, value, `30px ${REGULAR}`, 30, INK, 44, 4, PAD + labelWidth, INNER - labelWidth);
  return {
    height: Math.max(44, body.height),
    draw(ctx, top) {
      ctx.font = `bold 28px ${BOLD}`;
      ctx.fillStyle = RED;
      ctx.fillText(label, PAD, top + 30);
      body.draw(ctx, top);
    },
  };
}

/** The events as chips (工种 · 等级), wrapped over as many rows as they need (at most 12, then "等 N 个赛项"). */
function chips(g: SKRSContext2D, events: string[]): Block {
  const shown = events.length > 12 ? [...events.slice(0, 11), `等 ${events.length} 个赛项`] : events;
  const font = `28px ${REGULAR}`;
  g.font = font;
  const rows: { text: string; x: number; w: number }[][] = [[]];
  let x = PAD;
  for (const text of shown) {
    const label = wrap(g, text, INNER - 40, 1)[0]!;
    const w = Math.ceil(g.measureText(label).width) + 40;
    if (x + w > PAD + INNER && rows.at(-1)!.length) {
      rows.push([]);
      x = PAD;
    }
    rows.at(-1)!.push({ text: label, x, w });
    x += w + 16;
  }
  const rowHeight = 60;
  return {
    height: shown.length ? rows.length * rowHeight - 12 : 0,
    draw(ctx, top) {
      ctx.font = font;
      rows.forEach((row, i) => {
        for (const chip of row) {
          const y = top + i * rowHeight;
          ctx.fillStyle = '#f6e7c1';
          ctx.beginPath();
          ctx.roundRect(chip.x, y, chip.w, 48, 24);
          ctx.fill();
          ctx.fillStyle = DEEP_RED;
          ctx.fillText(chip.text, chip.x + 20, y + 34);
        }
      });
    },
  };
}

function drawQr(ctx: SKRSContext2D, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = Math.floor(size / (n + 2 * quiet));
  const drawn = cell * (n + 2 * quiet);
  const x0 = x + Math.floor((size - drawn) / 2);
  const y0 = y + Math.floor((size - drawn) / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000000';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) ctx.fillRect(x0 + (c + quiet) * cell, y0 + (r + quiet) * cell, cell, cell);
}

/** Draws the poster and encodes it as PNG. The fonts must have been loaded (loadPosterFonts). */
export async function renderPoster(p: PosterContent): Promise<Buffer> {
  const { createCanvas } = await skia();
  const measure = createCanvas(POSTER_WIDTH, 10).getContext('2d');
  measure.lang = 'zh-CN';
  const title = textBlock(measure, p.title, `bold 52px ${BOLD}`, 52, '#ffffff', 70, 4);
  const facts: Block[] = [
    fact(measure, '比赛时间', p.when),
    fact(measure, '报名时间', p.registration),
    ...(p.organiser ? [fact(measure, '主办单位', p.organiser)] : []),
    ...(p.venue ? [fact(measure, '比赛地点', p.venue)] : []),
  ];
  const events = chips(measure, p.events);

  // header: platform line, tier, title; body: facts, trades; footer: QR code
  const headerTop = 40;
  const titleTop = headerTop + 40 + 36;
  const headerHeight = titleTop + title.height + 44;
  let y = headerHeight + 44;
  const factTops = facts.map((f) => {
    const top = y;
    y += f.height + 22;
    return top;
  });
  const eventsLabelTop = y + 12;
  const eventsTop = eventsLabelTop + 52;
  y = eventsTop + events.height + (p.events.length ? 48 : 0);
  const qrSize = 260;
  const footerTop = y;
  const height = footerTop + qrSize + 2 * 40 + 56;

  const canvas = createCanvas(POSTER_WIDTH, height);
  const g = canvas.getContext('2d');
  g.lang = 'zh-CN';
  g.fillStyle = PAPER;
  g.fillRect(0, 0, POSTER_WIDTH, height);

  // header band in union red with a gold rule
  g.fillStyle = RED;
  g.fillRect(0, 0, POSTER_WIDTH, headerHeight);
  g.fillStyle = GOLD;
  g.fillRect(0, headerHeight, POSTER_WIDTH, 8);
  g.font = `bold 30px ${BOLD}`;
  g.fillStyle = GOLD;
  g.fillText(`${p.platform} · ${p.tagline}`, PAD, headerTop + 30);
  g.font = `26px ${REGULAR}`;
  const tierWidth = Math.ceil(g.measureText(p.tier).width) + 32;
  g.strokeStyle = GOLD;
  g.lineWidth = 2;
  g.beginPath();
  g.roundRect(PAD, headerTop + 50, tierWidth, 40, 20);
  g.stroke();
  g.fillText(p.tier, PAD + 16, headerTop + 79);
  title.draw(g, titleTop + 40);

  facts.forEach((f, i) => f.draw(g, factTops[i]!));
  if (p.events.length) {
    g.font = `bold 28px ${BOLD}`;
    g.fillStyle = RED;
    g.fillText('比赛项目', PAD, eventsLabelTop + 30);
    events.draw(g, eventsTop);
  }

  // footer: the QR code on white, what to do with it, the platform
  g.fillStyle = '#ffffff';
  g.fillRect(0, footerTop, POSTER_WIDTH, height - footerTop);
  g.fillStyle = '#eadfca';
  g.fillRect(0, footerTop, POSTER_WIDTH, 2);
  const qrX = POSTER_WIDTH - PAD - qrSize;
  const qrY = footerTop + 40;
  drawQr(g, p.url, qrX, qrY, qrSize);
  g.fillStyle = INK;
  g.font = `bold 36px ${BOLD}`;
  g.fillText('扫码查看详情', PAD, qrY + 70);
  g.fillText('在线报名', PAD, qrY + 120);
  g.font = `24px ${REGULAR}`;
  g.fillStyle = GREY;
  const urlLines = wrap(g, p.url, qrX - PAD - 24, 2);
  urlLines.forEach((l, i) => g.fillText(l, PAD, qrY + 180 + i * 34));
  g.fillStyle = RED;
  g.fillRect(0, height - 56, POSTER_WIDTH, 56);
  g.fillStyle = '#ffffff';
  g.font = `24px ${REGULAR}`;
  const footer = '长按图片识别二维码 · 转发给工友';
  g.fillText(footer, (POSTER_WIDTH - g.measureText(footer).width) / 2, height - 20);

  return canvas.encode('png');
}
