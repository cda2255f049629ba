// Draws the home-screen icons from the one mark, static/favicon.svg, with @napi-rs/canvas (the API's poster
// library): run `node apps/web/scripts/make-icons.mjs` after changing the mark and commit the PNGs it writes.
//   icons/icon-192.png, icons/icon-512.png   the mark as it is (rounded square), purpose "any"
//   icons/maskable-512.png                   full-bleed red with the mark in the 80 % safe zone, purpose "maskable"
//   apple-touch-icon.png (180)               full-bleed (iOS rounds the corners itself)
//   favicon-32.png                           for browsers without SVG favicons
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const svg = fs.readFileSync(path.join(staticDir, 'favicon.svg'));
const RED = '#9f1b1f';

async function draw(file, size, { bleed = false, scale = 1 } = {}) {
  const canvas = createCanvas(size, size);
  const g = canvas.getContext('2d');
  if (bleed) {
    g.fillStyle = RED;
    g.fillRect(0, 0, size, size);
  }
  // rasterise the SVG at the target size (not scaled from a small bitmap)
  const inner = Math.round(size * scale);
  const mark = await loadImage(svg);
  mark.width = inner;
  mark.height = inner;
  const at = Math.round((size - inner) / 2);
  g.drawImage(mark, at, at, inner, inner);
  const out = path.join(staticDir, file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await canvas.encode('png'));
  console.log(`${file} ${size}×${size}`);
}

await draw('icons/icon-192.png', 192);
await draw('icons/icon-512.png', 512);
await draw('icons/maskable-512.png', 512, { bleed: true, scale: 0.8 });
await draw('apple-touch-icon.png', 180, { bleed: true });
await draw('favicon-32.png', 32);
