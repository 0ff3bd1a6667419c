// Draws the two app icons Teams asks for: color.png (192x192, full colour) and outline.png
// (32x32, white on transparent). The PNGs are committed; run `node appPackage/make-icons.js`
// only to change the mark. The mark is a stack of two topic cards with three votes on the
// front card: lean coffee in one glance.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node with no build step */

const fs = require("node:fs");
const path = require("node:path");
const { PNG } = require("pngjs");

const BRAND = [0x5b, 0x5f, 0xc7]; // Teams brand purple, so the tile sits well in the app bar
const WHITE = [255, 255, 255];
const SUPERSAMPLE = 4; // 16 samples per pixel give smooth edges without a vector renderer

/** Signed distance from (x, y) to a rounded rectangle; negative inside. */
function roundedRect(x, y, { left, top, right, bottom, radius }) {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function circle(x, y, { cx, cy, r }) {
  return Math.hypot(x - cx, y - cy) - r;
}

const inside = (d) => d <= 0;
/** `share` of `top` laid over `bottom`, as an opaque colour. */
const mix = (top, bottom, share) => top.map((c, i) => Math.round(c * share + bottom[i] * (1 - share)));
const onStroke = (d, width) => Math.abs(d + width / 2) <= width / 2;

/**
 * Renders `paint(x, y) -> [r, g, b, a] | null` (a in 0..1, null = transparent) into a PNG,
 * averaging premultiplied samples so that partly covered pixels keep their true colour.
 */
function render(size, paint) {
  const png = new PNG({ width: size, height: size });
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = paint(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** Full-bleed brand tile; the mark stays inside the central 96x96 that Teams keeps visible. */
function colorIcon() {
  const back = { left: 66, top: 48, right: 144, bottom: 122, radius: 10 };
  const front = { left: 48, top: 70, right: 126, bottom: 144, radius: 10 };
  const gap = { ...front, left: front.left - 5, top: front.top - 5, right: front.right + 5, bottom: front.bottom + 5, radius: 15 };
  const title = { left: 60, top: 84, right: 114, bottom: 92, radius: 4 };
  const votes = [66, 87, 108].map((cx) => ({ cx, cy: 124, r: 7 }));

  return render(192, (x, y) => {
    if (inside(roundedRect(x, y, front))) {
      if (inside(roundedRect(x, y, title))) return [...mix(BRAND, WHITE, 0.45), 1];
      if (votes.some((v) => inside(circle(x, y, v)))) return [...BRAND, 1];
      return [...WHITE, 1];
    }
    // The back card stops short of the front one so the two read as separate cards.
    if (inside(roundedRect(x, y, back)) && !inside(roundedRect(x, y, gap))) return [...mix(WHITE, BRAND, 0.6), 1];
    return [...BRAND, 1];
  });
}

/** Teams tints the outline icon itself: white strokes on transparency, nothing else. */
function outlineIcon() {
  const stroke = 2;
  const back = { left: 9, top: 3, right: 29, bottom: 22, radius: 3 };
  const front = { left: 3, top: 10, right: 23, bottom: 29, radius: 3 };
  const gap = { ...front, left: front.left - 2, top: front.top - 2, right: front.right + 2, bottom: front.bottom + 2, radius: 5 };
  const votes = [8, 13, 18].map((cx) => ({ cx, cy: 23, r: 1.6 }));

  return render(32, (x, y) => {
    const onFront = onStroke(roundedRect(x, y, front), stroke) || votes.some((v) => inside(circle(x, y, v)));
    const onBack = onStroke(roundedRect(x, y, back), stroke) && !inside(roundedRect(x, y, gap));
    return onFront || onBack ? [...WHITE, 1] : null;
  });
}

fs.writeFileSync(path.join(__dirname, "color.png"), colorIcon());
fs.writeFileSync(path.join(__dirname, "outline.png"), outlineIcon());
console.log("wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)");
