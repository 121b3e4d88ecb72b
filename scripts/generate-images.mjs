// Draws the seed illustrations as SVG and encodes them to WebP, so the sample content ships
// with feature images that need no network, no fonts and no licence.
// Usage: node scripts/generate-images.mjs
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const W = 1600;
const H = 900;
const ARTICLE_DIR = path.join(process.cwd(), "public", "images", "articles");
const AUTHOR_DIR = path.join(process.cwd(), "public", "images", "authors");
const MAX_BYTES = 60 * 1024;

// Deterministic output: the same script always produces the same files.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const f = (n) => Math.round(n * 10) / 10;

function linear(id, stops, { x1 = 0, y1 = 0, x2 = 0, y2 = 1 } = {}) {
  const s = stops.map(([o, c, op = 1]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${op}"/>`).join("");
  return `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${s}</linearGradient>`;
}

function radial(id, stops, { cx = 0.5, cy = 0.5, r = 0.5 } = {}) {
  const s = stops.map(([o, c, op = 1]) => `<stop offset="${o}" stop-color="${c}" stop-opacity="${op}"/>`).join("");
  return `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${s}</radialGradient>`;
}

const VIGNETTE = radial(
  "vignette",
  [
    [0.55, "#000", 0],
    [1, "#000", 0.38],
  ],
  { r: 0.75 },
);

function scene(defs, body, { width = W, height = H, vignette = true } = {}) {
  const v = vignette ? `<rect width="${width}" height="${height}" fill="url(#vignette)"/>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs>${defs}${VIGNETTE}</defs>${body}${v}</svg>`;
}

function star(cx, cy, outer, inner, fill) {
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${f(cx + r * Math.cos(a))},${f(cy + r * Math.sin(a))}`);
  }
  return `<polygon points="${pts.join(" ")}" fill="${fill}"/>`;
}

function mosque(x, ground, s, fill) {
  const w = 130 * s;
  const h = 34 * s;
  const r = 40 * s;
  let out = `<rect x="${f(x - w / 2)}" y="${f(ground - h)}" width="${f(w)}" height="${f(h)}" fill="${fill}"/>`;
  out += `<path d="M${f(x - r)} ${f(ground - h)} A${f(r)} ${f(r)} 0 0 1 ${f(x + r)} ${f(ground - h)} Z" fill="${fill}"/>`;
  out += `<rect x="${f(x - 2 * s)}" y="${f(ground - h - r - 14 * s)}" width="${f(4 * s)}" height="${f(16 * s)}" fill="${fill}"/>`;
  for (const dx of [-1, 1]) {
    const sx = x + dx * (r + 14 * s);
    const sr = 20 * s;
    out += `<path d="M${f(sx - sr)} ${f(ground - h)} A${f(sr)} ${f(sr)} 0 0 1 ${f(sx + sr)} ${f(ground - h)} Z" fill="${fill}"/>`;
    const mx = x + dx * (w / 2 + 12 * s);
    const mh = 150 * s;
    out += `<rect x="${f(mx - 4 * s)}" y="${f(ground - mh)}" width="${f(8 * s)}" height="${f(mh)}" fill="${fill}"/>`;
    out += `<polygon points="${f(mx - 5 * s)},${f(ground - mh)} ${f(mx)},${f(ground - mh - 34 * s)} ${f(mx + 5 * s)},${f(ground - mh)}" fill="${fill}"/>`;
    out += `<rect x="${f(mx - 7 * s)}" y="${f(ground - mh * 0.72)}" width="${f(14 * s)}" height="${f(4 * s)}" fill="${fill}"/>`;
  }
  return out;
}

function reflections(r, cx, top, bottom, color, count, spread) {
  let out = "";
  for (let i = 0; i < count; i++) {
    const y = top + (bottom - top) * (i / count) + r() * 8;
    const w = (40 + r() * 160) * (1 + ((y - top) / (bottom - top)) * 1.6);
    const x = cx - w / 2 + (r() - 0.5) * spread;
    out += `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(2 + r() * 3)}" rx="2" fill="${color}" opacity="${f(0.15 + r() * 0.35)}"/>`;
  }
  return out;
}

function waves(r, top, bottom, color, rows, opacity = 0.25) {
  let out = "";
  for (let i = 0; i < rows; i++) {
    const y = top + ((bottom - top) * i) / rows + r() * 10;
    const amp = 3 + (i / rows) * 8;
    const len = 60 + (i / rows) * 120;
    let d = `M0 ${f(y)}`;
    for (let x = 0; x <= W; x += len) {
      d += ` q${f(len / 4)} ${f(-amp)} ${f(len / 2)} 0 t${f(len / 2)} 0`;
    }
    out += `<path d="${d}" fill="none" stroke="${color}" stroke-width="${f(1.5 + (i / rows) * 2)}" opacity="${f(opacity * (0.5 + r() * 0.5))}"/>`;
  }
  return out;
}

function skyline(r, baseY, x0, x1, minH, maxH, fill, lit, litChance) {
  let out = "";
  let x = x0;
  while (x < x1) {
    const w = 40 + r() * 70;
    const h = minH + r() * (maxH - minH);
    out += `<rect x="${f(x)}" y="${f(baseY - h)}" width="${f(w)}" height="${f(h)}" fill="${fill}"/>`;
    if (lit) {
      for (let wy = baseY - h + 14; wy < baseY - 12; wy += 18) {
        for (let wx = x + 8; wx < x + w - 10; wx += 14) {
          if (r() < litChance)
            out += `<rect x="${f(wx)}" y="${f(wy)}" width="6" height="8" fill="${lit}" opacity="${f(0.5 + r() * 0.5)}"/>`;
        }
      }
    }
    x += w + 4 + r() * 10;
  }
  return out;
}

function branch(r, x, y, angle, len, width, depth, color) {
  if (depth === 0 || len < 6) return "";
  const x2 = x + Math.cos(angle) * len;
  const y2 = y + Math.sin(angle) * len;
  let out = `<line x1="${f(x)}" y1="${f(y)}" x2="${f(x2)}" y2="${f(y2)}" stroke="${color}" stroke-width="${f(width)}" stroke-linecap="round"/>`;
  const n = 2 + (r() < 0.3 ? 1 : 0);
  for (let i = 0; i < n; i++) {
    const da = (r() - 0.5) * 1.1;
    out += branch(r, x2, y2, angle + da, len * (0.65 + r() * 0.15), width * 0.72, depth - 1, color);
  }
  return out;
}

const articleScenes = {
  "russia-ukraine-talks-istanbul"() {
    const r = rng(1);
    const defs =
      linear("sky", [
        [0, "#1b2544"],
        [0.45, "#5b4569"],
        [0.8, "#d98a5f"],
        [1, "#f2b872"],
      ]) +
      linear("sea", [
        [0, "#3a3a5c"],
        [1, "#101427"],
      ]) +
      radial("sun", [
        [0, "#ffe2a8", 0.95],
        [0.35, "#f6b26b", 0.55],
        [1, "#f6b26b", 0],
      ]);
    const horizon = 560;
    let b = `<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`;
    b += `<circle cx="1190" cy="500" r="260" fill="url(#sun)"/><circle cx="1190" cy="505" r="58" fill="#ffe0a3" opacity="0.9"/>`;
    b += `<path d="M0 ${horizon - 20} C220 ${horizon - 60} 420 ${horizon - 30} 620 ${horizon - 45} S1050 ${horizon - 70} 1260 ${horizon - 40} S1500 ${horizon - 30} ${W} ${horizon - 55} L${W} ${horizon} L0 ${horizon} Z" fill="#4a3d5e" opacity="0.85"/>`;
    b += mosque(300, horizon - 28, 0.9, "#3b3150") + mosque(1430, horizon - 36, 0.8, "#3b3150");
    b += `<rect y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#sea)"/>`;
    b += reflections(r, 1190, horizon + 6, 640, "#f7c483", 22, 60);
    // Dolmabahçe-like facade: long neoclassical wings around a taller ceremonial centre.
    const base = 700;
    const stone = "#231c33";
    b += `<rect x="150" y="${base - 150}" width="1300" height="150" fill="${stone}"/>`;
    b += `<rect x="600" y="${base - 235}" width="400" height="235" fill="${stone}"/>`;
    b += `<polygon points="580,${base - 235} 800,${base - 300} 1020,${base - 235}" fill="${stone}"/>`;
    b += `<rect x="140" y="${base - 165}" width="1320" height="14" fill="${stone}"/>`;
    for (let x = 160; x < 1440; x += 22)
      b += `<rect x="${x}" y="${base - 178}" width="8" height="14" fill="${stone}"/>`;
    for (const x of [150, 1390]) b += `<rect x="${x}" y="${base - 200}" width="60" height="200" fill="${stone}"/>`;
    for (let x = 175; x < 1430; x += 36) {
      if (x > 590 && x < 1010) continue;
      for (const y of [base - 135, base - 70]) {
        b += `<path d="M${x} ${y + 40} v-30 a8 8 0 0 1 16 0 v30 Z" fill="#f3c98b" opacity="${f(0.35 + r() * 0.5)}"/>`;
      }
    }
    for (let x = 622; x < 990; x += 30)
      b += `<rect x="${x}" y="${base - 215}" width="10" height="215" fill="#3a2f4f"/>`;
    for (let x = 634; x < 985; x += 60)
      b += `<path d="M${x} ${base - 20} v-60 a12 12 0 0 1 24 0 v60 Z" fill="#f3c98b" opacity="0.55"/>`;
    b += `<rect x="0" y="${base}" width="${W}" height="18" fill="#1a1528"/>`;
    b += reflections(r, 800, base + 22, 890, "#f3c98b", 26, 700);
    b += waves(r, base + 30, H, "#8f86b8", 12, 0.2);
    return scene(defs, b);
  },

  "eu-migration-pact-brussels"() {
    const r = rng(2);
    const defs = radial(
      "bg",
      [
        [0, "#2a4aa8"],
        [1, "#0b1640"],
      ],
      { r: 0.8 },
    );
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    const cx = 1000;
    const cy = 430;
    for (let i = 0; i < 9; i++) {
      const sx = -50 + r() * 300;
      const sy = r() * H;
      const c1x = 300 + r() * 300;
      const c1y = r() * H;
      b += `<path d="M${f(sx)} ${f(sy)} Q${f(c1x)} ${f(c1y)} ${f(cx - 200 + r() * 80)} ${f(cy - 150 + r() * 300)}" fill="none" stroke="#f5d76e" stroke-width="3" stroke-dasharray="10 12" opacity="${f(0.18 + r() * 0.25)}"/>`;
    }
    for (let i = 0; i < 60; i++) {
      b += `<circle cx="${f(r() * 700)}" cy="${f(r() * H)}" r="${f(1.5 + r() * 3)}" fill="#f5d76e" opacity="${f(0.15 + r() * 0.35)}"/>`;
    }
    b += `<circle cx="${cx}" cy="${cy}" r="330" fill="none" stroke="#ffffff" stroke-opacity="0.06" stroke-width="90"/>`;
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * Math.PI * 2;
      b += star(cx + Math.cos(a) * 250, cy + Math.sin(a) * 250, 30, 12, "#f5d76e");
    }
    return scene(defs, b);
  },

  "nairobi-solar-minigrids"() {
    const r = rng(3);
    const defs =
      linear("sky", [
        [0, "#f7e3b5"],
        [1, "#ef9f5c"],
      ]) +
      linear("ground", [
        [0, "#8a6a44"],
        [1, "#3f2e1f"],
      ]) +
      linear(
        "panel",
        [
          [0, "#2f5f8f"],
          [1, "#13294a"],
        ],
        { x2: 1, y2: 1 },
      );
    const horizon = 470;
    let b = `<rect width="${W}" height="${horizon + 5}" fill="url(#sky)"/>`;
    b += `<circle cx="420" cy="250" r="95" fill="#fff4d6" opacity="0.95"/><circle cx="420" cy="250" r="150" fill="#fff4d6" opacity="0.18"/>`;
    b += `<path d="M0 ${horizon} L180 ${horizon - 40} L330 ${horizon - 15} L520 ${horizon - 70} L700 ${horizon - 10} L${W} ${horizon - 25} L${W} ${horizon} Z" fill="#b0714a" opacity="0.6"/>`;
    b += `<rect y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#ground)"/>`;
    const tree = "#2b2016";
    b += `<path d="M1290 ${horizon + 10} C1296 ${horizon - 60} 1284 ${horizon - 120} 1300 ${horizon - 170} L1312 ${horizon - 170} C1310 ${horizon - 120} 1318 ${horizon - 60} 1316 ${horizon + 10} Z" fill="${tree}"/>`;
    b += `<path d="M1304 ${horizon - 160} L1230 ${horizon - 215} M1306 ${horizon - 160} L1380 ${horizon - 220}" stroke="${tree}" stroke-width="8"/>`;
    b += `<ellipse cx="1305" cy="${horizon - 235}" rx="190" ry="32" fill="${tree}"/><ellipse cx="1250" cy="${horizon - 222}" rx="90" ry="22" fill="${tree}"/>`;
    for (let row = 0; row < 4; row++) {
      const y = horizon + 40 + row * row * 28 + row * 60;
      const s = 0.55 + row * 0.35;
      const pw = 150 * s;
      const ph = 70 * s;
      for (let x = -80 + (row % 2) * 60; x < W; x += pw + 18 * s) {
        const sk = 30 * s;
        b += `<polygon points="${f(x + sk)},${f(y)} ${f(x + pw + sk)},${f(y)} ${f(x + pw)},${f(y + ph)} ${f(x)},${f(y + ph)}" fill="url(#panel)" stroke="#9cc3e6" stroke-opacity="0.45" stroke-width="1.5"/>`;
        for (let k = 1; k < 4; k++) {
          const t = k / 4;
          b += `<line x1="${f(x + sk + pw * t)}" y1="${f(y)}" x2="${f(x + pw * t)}" y2="${f(y + ph)}" stroke="#9cc3e6" stroke-opacity="0.3"/>`;
        }
        b += `<line x1="${f(x + sk / 2)}" y1="${f(y + ph / 2)}" x2="${f(x + pw + sk / 2)}" y2="${f(y + ph / 2)}" stroke="#9cc3e6" stroke-opacity="0.3"/>`;
        b += `<polygon points="${f(x + sk + 10)},${f(y + 3)} ${f(x + sk + 40 * s)},${f(y + 3)} ${f(x + 20 * s)},${f(y + ph - 3)} ${f(x + 6)},${f(y + ph - 3)}" fill="#ffe7b8" opacity="${f(0.08 + r() * 0.1)}"/>`;
        b += `<rect x="${f(x + pw / 2)}" y="${f(y + ph)}" width="${f(4 * s)}" height="${f(24 * s)}" fill="#2a2118"/>`;
      }
    }
    return scene(defs, b);
  },

  "central-bank-holds-rates"() {
    const r = rng(4);
    const defs =
      linear("bg", [
        [0, "#0f1b2d"],
        [1, "#1d3049"],
      ]) +
      linear("area", [
        [0, "#f2b84b", 0.45],
        [1, "#f2b84b", 0],
      ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    for (let x = 100; x < W; x += 100)
      b += `<line x1="${x}" y1="80" x2="${x}" y2="800" stroke="#ffffff" stroke-opacity="0.06"/>`;
    for (let y = 80; y <= 800; y += 80)
      b += `<line x1="80" y1="${y}" x2="${W - 80}" y2="${y}" stroke="#ffffff" stroke-opacity="0.08"/>`;
    for (let i = 0; i < 28; i++) {
      const x = 110 + i * 50;
      const h = 40 + r() * 120;
      b += `<rect x="${x}" y="${800 - h}" width="26" height="${f(h)}" fill="#5e86b8" opacity="0.25"/>`;
    }
    const pts = [];
    let y = 640;
    for (let i = 0; i <= 28; i++) {
      const x = 120 + i * 50;
      if (i < 12) y -= 18 + r() * 14;
      else if (i < 18) y -= 4 + r() * 6;
      else y = 300 + (r() - 0.5) * 6;
      pts.push([x, y]);
    }
    const line = pts.map(([x, yy], i) => `${i ? "L" : "M"}${x} ${f(yy)}`).join(" ");
    b += `<path d="${line} L${pts.at(-1)[0]} 800 L${pts[0][0]} 800 Z" fill="url(#area)"/>`;
    b += `<line x1="80" y1="300" x2="${W - 80}" y2="300" stroke="#e8edf4" stroke-opacity="0.35" stroke-width="2" stroke-dasharray="12 10"/>`;
    b += `<path d="${line}" fill="none" stroke="#f2b84b" stroke-width="12" stroke-opacity="0.2" stroke-linejoin="round"/>`;
    b += `<path d="${line}" fill="none" stroke="#f2b84b" stroke-width="5" stroke-linejoin="round"/>`;
    const [lx, ly] = pts.at(-1);
    b += `<circle cx="${lx}" cy="${f(ly)}" r="22" fill="#f2b84b" opacity="0.25"/><circle cx="${lx}" cy="${f(ly)}" r="10" fill="#f2b84b"/>`;
    return scene(defs, b);
  },

  "coral-reef-heat-survey"() {
    const r = rng(5);
    const defs =
      linear("water", [
        [0, "#1a8aa0"],
        [0.5, "#0b4c66"],
        [1, "#062338"],
      ]) +
      linear("ray", [
        [0, "#ffffff", 0.16],
        [1, "#ffffff", 0],
      ]) +
      linear("sand", [
        [0, "#c9b48a"],
        [1, "#8c7757"],
      ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#water)"/>`;
    for (let i = 0; i < 7; i++) {
      const x = 150 + i * 220 + r() * 80;
      b += `<polygon points="${f(x)},0 ${f(x + 70)},0 ${f(x + 260 + r() * 80)},${H} ${f(x + 120)},${H}" fill="url(#ray)"/>`;
    }
    b += `<path d="M0 760 C250 720 420 780 700 750 S1200 700 ${W} 760 L${W} ${H} L0 ${H} Z" fill="url(#sand)"/>`;
    const corals = [
      [220, 780, "#f1ece2"],
      [420, 770, "#ff7b6b"],
      [640, 760, "#f1ece2"],
      [880, 750, "#ffa06b"],
      [1100, 745, "#f1ece2"],
      [1320, 760, "#ff7b6b"],
      [1500, 770, "#f1ece2"],
    ];
    for (const [x, y, c] of corals) {
      b += `<g opacity="0.92">${branch(r, x, y, -Math.PI / 2 + (r() - 0.5) * 0.4, 90 + r() * 40, 18, 5, c)}</g>`;
    }
    for (const [x, y, c] of [
      [320, 790, "#e9d7c2"],
      [760, 782, "#c86b5a"],
      [1210, 778, "#e9d7c2"],
    ]) {
      b += `<ellipse cx="${x}" cy="${y}" rx="70" ry="42" fill="${c}"/>`;
      for (let k = 0; k < 5; k++)
        b += `<path d="M${x - 55} ${y - 25 + k * 12} q27 -10 55 0 t55 0" fill="none" stroke="#000" stroke-opacity="0.12" stroke-width="3"/>`;
    }
    for (let i = 0; i < 14; i++) {
      const x = 200 + r() * 1200;
      const y = 180 + r() * 380;
      const s = 0.6 + r() * 0.8;
      b += `<g fill="#0a2e44" opacity="0.7"><ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(22 * s)}" ry="${f(9 * s)}"/><polygon points="${f(x + 18 * s)},${f(y)} ${f(x + 34 * s)},${f(y - 9 * s)} ${f(x + 34 * s)},${f(y + 9 * s)}"/></g>`;
    }
    for (let i = 0; i < 30; i++)
      b += `<circle cx="${f(r() * W)}" cy="${f(r() * 700)}" r="${f(2 + r() * 5)}" fill="none" stroke="#cfeff7" stroke-opacity="0.35"/>`;
    return scene(defs, b);
  },

  "gobekli-tepe-new-enclosure"() {
    const r = rng(6);
    const defs =
      linear("sky", [
        [0, "#f6d7a0"],
        [1, "#e08a52"],
      ]) +
      linear("ground", [
        [0, "#b98a5c"],
        [1, "#6e4a2d"],
      ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#sky)"/>`;
    b += `<circle cx="1250" cy="260" r="70" fill="#fff1d2" opacity="0.9"/>`;
    b += `<path d="M0 430 C300 380 520 420 800 390 S1300 380 ${W} 420 L${W} ${H} L0 ${H} Z" fill="#c98e5e" opacity="0.7"/>`;
    b += `<path d="M0 500 C400 470 700 520 1000 490 S1400 470 ${W} 500 L${W} ${H} L0 ${H} Z" fill="url(#ground)"/>`;
    const cx = 800;
    const cy = 680;
    b += `<ellipse cx="${cx}" cy="${cy}" rx="600" ry="150" fill="#5c3d25" opacity="0.55"/>`;
    b += `<ellipse cx="${cx}" cy="${cy}" rx="560" ry="130" fill="none" stroke="#8a6444" stroke-width="34"/>`;
    const pillars = [];
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * Math.PI * 2;
      const x = cx + Math.cos(a) * 540;
      const y = cy + Math.sin(a) * 124;
      if (y < cy && Math.abs(x - cx) < 200) continue;
      pillars.push([x, y, false]);
    }
    pillars.push([cx - 110, cy - 10, true], [cx + 110, cy - 10, true]);
    pillars.sort((p, q) => p[1] - q[1]);
    for (const [x, y, central] of pillars) {
      const s = (central ? 1.25 : 0.7) + ((y - (cy - 130)) / 260) * 0.5;
      const w = 34 * s;
      const h = 150 * s;
      const tw = 96 * s;
      const th = 34 * s;
      b += `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(w)}" ry="${f(8 * s)}" fill="#2e2013" opacity="0.35"/>`;
      b += `<rect x="${f(x - w / 2)}" y="${f(y - h)}" width="${f(w)}" height="${f(h)}" fill="#7b5a3d"/>`;
      b += `<rect x="${f(x - w / 2)}" y="${f(y - h)}" width="${f(w * 0.35)}" height="${f(h)}" fill="#a27a52"/>`;
      b += `<rect x="${f(x - tw / 2)}" y="${f(y - h - th)}" width="${f(tw)}" height="${f(th)}" fill="#8a6545"/>`;
      b += `<rect x="${f(x - tw / 2)}" y="${f(y - h - th)}" width="${f(tw)}" height="${f(th * 0.3)}" fill="#b48a5e"/>`;
      if (central)
        b += `<path d="M${f(x - w / 2 + 4)} ${f(y - h * 0.75)} h${f(w * 0.6)} v${f(h * 0.45)}" fill="none" stroke="#5a3f28" stroke-opacity="0.6" stroke-width="${f(2.5 * s)}"/>`;
    }
    for (let i = 0; i < 40; i++)
      b += `<ellipse cx="${f(r() * W)}" cy="${f(820 + r() * 80)}" rx="${f(6 + r() * 14)}" ry="${f(3 + r() * 5)}" fill="#4a321f" opacity="0.5"/>`;
    return scene(defs, b);
  },

  "black-sea-grain-insurance"() {
    const r = rng(7);
    const defs =
      linear("sky", [
        [0, "#c9d6e0"],
        [0.7, "#efd9b0"],
        [1, "#e9c98a"],
      ]) +
      linear("sea", [
        [0, "#2d5c78"],
        [1, "#132f42"],
      ]);
    const horizon = 540;
    let b = `<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`;
    b += `<rect y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#sea)"/>`;
    b += waves(r, horizon + 10, H, "#b7d3e3", 16, 0.3);
    const hull = "#23283a";
    const y = 600;
    b += `<path d="M330 ${y - 80} L1330 ${y - 80} L1290 ${y + 10} L380 ${y + 10} Z" fill="${hull}"/>`;
    b += `<rect x="380" y="${y - 8}" width="910" height="18" fill="#8c3b32"/>`;
    for (let i = 0; i < 6; i++) {
      const x = 450 + i * 130;
      b += `<rect x="${x}" y="${y - 102}" width="100" height="24" fill="#3a4158"/>`;
      b += `<path d="M${x + 100} ${y - 102} l14 -120 l6 0 l-10 120 Z" fill="${hull}"/>`;
      b += `<line x1="${x + 117}" y1="${y - 220}" x2="${x + 40}" y2="${y - 150}" stroke="${hull}" stroke-width="4"/>`;
    }
    b += `<rect x="1210" y="${y - 200}" width="90" height="120" fill="#e9e6df"/><rect x="1200" y="${y - 215}" width="110" height="18" fill="#e9e6df"/>`;
    for (let i = 0; i < 4; i++)
      b += `<rect x="${1218 + i * 20}" y="${y - 190}" width="12" height="10" fill="#23283a"/>`;
    b += `<rect x="1250" y="${y - 250}" width="24" height="40" fill="#23283a"/>`;
    b += `<path d="M320 ${y + 12} Q800 ${y + 40} 1340 ${y + 12}" fill="none" stroke="#d8e6ee" stroke-opacity="0.4" stroke-width="3"/>`;
    b += reflections(r, 830, y + 26, 760, "#23283a", 14, 500);
    for (let i = 0; i < 7; i++) {
      const gx = 200 + r() * 1200;
      const gy = 120 + r() * 220;
      const s = 0.6 + r() * 0.8;
      b += `<path d="M${f(gx - 20 * s)} ${f(gy)} q${f(10 * s)} ${f(-10 * s)} ${f(20 * s)} 0 q${f(10 * s)} ${f(-10 * s)} ${f(20 * s)} 0" fill="none" stroke="#3b3f4d" stroke-width="${f(3 * s)}" stroke-linecap="round"/>`;
    }
    return scene(defs, b);
  },

  "soil-antibiotic-discovery"() {
    const r = rng(8);
    const defs =
      linear(
        "bg",
        [
          [0, "#eef1ea"],
          [1, "#d7ddd2"],
        ],
        { x2: 1, y2: 1 },
      ) +
      radial("agar", [
        [0, "#fbf6e3"],
        [1, "#eadfb6"],
      ]) +
      radial("halo", [
        [0, "#ffffff", 0.9],
        [1, "#fbf6e3", 0],
      ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    const dishes = [
      [470, 470, 300, false],
      [1080, 330, 240, false],
      [1130, 700, 210, true],
    ];
    for (const [x, y, rad, active] of dishes) {
      b += `<ellipse cx="${x + 18}" cy="${y + 26}" rx="${rad}" ry="${rad}" fill="#5b6656" opacity="0.15"/>`;
      b += `<circle cx="${x}" cy="${y}" r="${rad}" fill="url(#agar)" stroke="#b8c2bb" stroke-width="10"/>`;
      b += `<circle cx="${x}" cy="${y}" r="${rad - 16}" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="3"/>`;
      if (active) {
        b += `<circle cx="${x}" cy="${y}" r="${rad * 0.55}" fill="url(#halo)"/>`;
        b += `<circle cx="${x}" cy="${y}" r="${rad * 0.17}" fill="#2f6f6a"/>`;
      }
      const n = active ? 26 : 40;
      for (let i = 0; i < n; i++) {
        const a = r() * Math.PI * 2;
        const d = (active ? rad * 0.6 : 0) + r() * (rad * (active ? 0.3 : 0.85));
        const c = ["#d9a441", "#c8553d", "#8aa04a", "#e1c16e"][Math.floor(r() * 4)];
        b += `<circle cx="${f(x + Math.cos(a) * d)}" cy="${f(y + Math.sin(a) * d)}" r="${f(5 + r() * 16)}" fill="${c}" opacity="0.85"/>`;
      }
    }
    b += `<path d="M60 860 L360 640" stroke="#9aa79d" stroke-width="14" stroke-linecap="round"/><circle cx="360" cy="640" r="10" fill="#9aa79d"/>`;
    return scene(defs, b);
  },

  "istanbul-film-festival-opens"() {
    const r = rng(9);
    const defs =
      linear("bg", [
        [0, "#1a1420"],
        [1, "#0b090e"],
      ]) +
      linear(
        "beam",
        [
          [0, "#fff3d6", 0.55],
          [1, "#fff3d6", 0.03],
        ],
        { x1: 1, y1: 0, x2: 0, y2: 0.4 },
      ) +
      linear(
        "screen",
        [
          [0, "#f0a35e"],
          [0.5, "#b8476b"],
          [1, "#3c2a6e"],
        ],
        { x2: 1, y2: 1 },
      );
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    b += `<rect x="90" y="110" width="860" height="440" fill="url(#screen)" opacity="0.9"/>`;
    b += `<path d="M90 420 C260 340 380 380 520 300 S820 260 950 320 L950 550 L90 550 Z" fill="#1c1430" opacity="0.6"/>`;
    b += `<circle cx="700" cy="230" r="48" fill="#ffe3b0" opacity="0.8"/>`;
    b += `<rect x="70" y="95" width="900" height="470" fill="none" stroke="#2a2030" stroke-width="20"/>`;
    b += `<polygon points="1460,150 1476,176 950,560 90,110" fill="url(#beam)"/>`;
    b += `<circle cx="1470" cy="162" r="26" fill="#fff7e6"/><circle cx="1470" cy="162" r="60" fill="#fff7e6" opacity="0.15"/>`;
    for (let i = 0; i < 50; i++) {
      const t = r();
      const x = 1470 - t * 1100 + (r() - 0.5) * 60;
      const y = 162 + t * 200 + (r() - 0.5) * 160 * t;
      b += `<circle cx="${f(x)}" cy="${f(y)}" r="${f(1 + r() * 2)}" fill="#fff3d6" opacity="${f(0.2 + r() * 0.5)}"/>`;
    }
    for (let row = 0; row < 4; row++) {
      const y = 650 + row * 70;
      const s = 1 + row * 0.18;
      for (let x = -20 + (row % 2) * 40; x < W; x += 84 * s) {
        b += `<rect x="${f(x)}" y="${f(y)}" width="${f(70 * s)}" height="${f(90 * s)}" rx="${f(18 * s)}" fill="${row % 2 ? "#1e1724" : "#241b2b"}"/>`;
      }
    }
    return scene(defs, b);
  },

  "german-coalition-budget-deal"() {
    const r = rng(10);
    const defs =
      linear("sky", [
        [0, "#c8d4e2"],
        [1, "#eef0f2"],
      ]) +
      linear(
        "glass",
        [
          [0, "#d9e6f2", 0.9],
          [1, "#8aa2bb", 0.8],
        ],
        { x2: 1, y2: 0 },
      );
    let b = `<rect width="${W}" height="${H}" fill="url(#sky)"/>`;
    const stone = "#6f737d";
    const dark = "#555963";
    const base = 760;
    b += `<rect x="220" y="${base - 260}" width="1160" height="260" fill="${stone}"/>`;
    for (const x of [200, 1280]) b += `<rect x="${x}" y="${base - 330}" width="120" height="330" fill="${dark}"/>`;
    b += `<rect x="560" y="${base - 300}" width="480" height="300" fill="${dark}"/>`;
    b += `<polygon points="540,${base - 300} 800,${base - 370} 1060,${base - 300}" fill="${stone}"/>`;
    for (let x = 585; x < 1030; x += 54)
      b += `<rect x="${x}" y="${base - 290}" width="22" height="270" fill="#8c909a"/>`;
    for (let x = 240; x < 540; x += 44)
      for (const y of [base - 230, base - 140]) b += `<rect x="${x}" y="${y}" width="22" height="50" fill="#3f434c"/>`;
    for (let x = 1060; x < 1270; x += 44)
      for (const y of [base - 230, base - 140]) b += `<rect x="${x}" y="${y}" width="22" height="50" fill="#3f434c"/>`;
    const cx = 800;
    const dy = base - 370;
    b += `<rect x="660" y="${dy - 20}" width="280" height="26" fill="${dark}"/>`;
    b += `<path d="M670 ${dy - 20} A130 150 0 0 1 930 ${dy - 20} Z" fill="url(#glass)" stroke="#4c5b6d" stroke-width="3"/>`;
    for (let k = 1; k < 6; k++) {
      const rx = 130 * (k / 6);
      b += `<path d="M${f(cx - rx)} ${dy - 20} A${f(rx)} 150 0 0 1 ${f(cx + rx)} ${dy - 20}" fill="none" stroke="#4c5b6d" stroke-opacity="0.6" stroke-width="2"/>`;
    }
    for (let k = 1; k < 5; k++) {
      const y = dy - 20 - k * 30;
      const half = 130 * Math.sqrt(1 - ((k * 30) / 150) ** 2);
      b += `<line x1="${f(cx - half)}" y1="${y}" x2="${f(cx + half)}" y2="${y}" stroke="#4c5b6d" stroke-opacity="0.6" stroke-width="2"/>`;
    }
    b += `<rect y="${base}" width="${W}" height="${H - base}" fill="#9aa38f"/>`;
    for (let i = 0; i < 16; i++) {
      const x = i * 110 + r() * 40;
      b += `<ellipse cx="${f(x)}" cy="${f(base + 10)}" rx="${f(60 + r() * 30)}" ry="${f(50 + r() * 30)}" fill="#3f5a44" opacity="0.95"/>`;
    }
    return scene(defs, b);
  },

  "earthquake-early-warning-sensors"() {
    const r = rng(11);
    const defs = linear("sky", [
      [0, "#070b18"],
      [1, "#1b2748"],
    ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#sky)"/>`;
    const ex = 1150;
    const ey = 760;
    for (let k = 1; k < 9; k++)
      b += `<circle cx="${ex}" cy="${ey}" r="${k * 110}" fill="none" stroke="#ff6b4a" stroke-opacity="${f(0.5 - k * 0.05)}" stroke-width="3"/>`;
    b += skyline(r, 900, -20, W + 20, 120, 380, "#0d1326", "#f5d58a", 0.22);
    let d = "M0 330";
    for (let x = 0; x <= W; x += 8) {
      const dist = Math.abs(x - 900);
      const amp = dist < 380 ? (1 - dist / 380) * 150 * (0.6 + r() * 0.4) : 4 + r() * 4;
      d += ` L${x} ${f(330 + (r() - 0.5) * 2 * amp)}`;
    }
    b += `<path d="${d}" fill="none" stroke="#ff6b4a" stroke-opacity="0.25" stroke-width="10" stroke-linejoin="round"/>`;
    b += `<path d="${d}" fill="none" stroke="#ff8a6a" stroke-width="3" stroke-linejoin="round"/>`;
    for (let i = 0; i < 80; i++)
      b += `<circle cx="${f(r() * W)}" cy="${f(r() * 250)}" r="${f(0.8 + r() * 1.4)}" fill="#fff" opacity="${f(0.2 + r() * 0.5)}"/>`;
    return scene(defs, b);
  },

  "sahel-drought-food-prices"() {
    const r = rng(12);
    const defs =
      linear("sky", [
        [0, "#f4d596"],
        [1, "#e58a3c"],
      ]) +
      radial("sun", [
        [0, "#fff4d0"],
        [0.6, "#ffe3a0", 0.7],
        [1, "#ffe3a0", 0],
      ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#sky)"/>`;
    b += `<circle cx="1000" cy="430" r="300" fill="url(#sun)"/><circle cx="1000" cy="430" r="140" fill="#fff2cc" opacity="0.9"/>`;
    b += `<path d="M0 520 C300 470 600 540 900 500 S1400 470 ${W} 510 L${W} ${H} L0 ${H} Z" fill="#d98c4a"/>`;
    b += `<path d="M0 600 C400 560 700 640 1100 590 S1450 580 ${W} 610 L${W} ${H} L0 ${H} Z" fill="#bf7238"/>`;
    b += `<path d="M0 700 C300 670 800 720 1200 680 S1500 690 ${W} 700 L${W} ${H} L0 ${H} Z" fill="#9b582a"/>`;
    for (let i = 0; i < 26; i++) {
      let x = r() * W;
      let y = 720 + r() * 170;
      let d = `M${f(x)} ${f(y)}`;
      for (let k = 0; k < 4; k++) {
        x += (r() - 0.5) * 120;
        y += (r() - 0.3) * 30;
        d += ` L${f(x)} ${f(y)}`;
      }
      b += `<path d="${d}" fill="none" stroke="#6b3a1a" stroke-opacity="0.55" stroke-width="${f(1.5 + r() * 2)}"/>`;
    }
    const t = "#3a2414";
    b += `<path d="M300 640 C310 560 290 500 310 440 L370 440 C390 500 370 560 380 640 Z" fill="${t}"/>`;
    b += `<path d="M318 450 L250 380 M330 445 L310 350 M350 445 L380 360 M362 450 L440 395" stroke="${t}" stroke-width="14" stroke-linecap="round"/>`;
    for (const [x, y] of [
      [250, 380],
      [310, 350],
      [380, 360],
      [440, 395],
    ])
      b += `<ellipse cx="${x}" cy="${y - 6}" rx="42" ry="18" fill="${t}"/>`;
    return scene(defs, b);
  },

  "eu-parliament-political-ads-vote"() {
    const r = rng(13);
    const defs = linear("bg", [
      [0, "#1b2340"],
      [1, "#2c3660"],
    ]);
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    const cx = 800;
    const cy = 800;
    const groups = ["#5aa0e6", "#e05a5a", "#f2c14e", "#62b37c", "#9a7ad6", "#f08a4b", "#8c97a8"];
    const bounds = [0, 0.16, 0.34, 0.47, 0.58, 0.72, 0.86, 1];
    for (let row = 0; row < 10; row++) {
      const rad = 220 + row * 52;
      const count = Math.floor((Math.PI * rad) / 26);
      for (let i = 0; i <= count; i++) {
        const t = i / count;
        const a = Math.PI + t * Math.PI;
        let g = 0;
        while (t > bounds[g + 1]) g++;
        b += `<circle cx="${f(cx + Math.cos(a) * rad)}" cy="${f(cy + Math.sin(a) * rad)}" r="8.5" fill="${groups[g]}" opacity="${f(0.75 + r() * 0.25)}"/>`;
      }
    }
    b += `<rect x="700" y="700" width="200" height="60" rx="8" fill="#0f1530"/><rect x="760" y="660" width="80" height="40" rx="6" fill="#0f1530"/>`;
    b += `<rect y="820" width="${W}" height="80" fill="#0f1530"/>`;
    return scene(defs, b);
  },

  "high-seas-treaty-ratified"() {
    const r = rng(14);
    const defs =
      linear("sky", [
        [0, "#9fcbe0"],
        [1, "#eaf3f5"],
      ]) +
      linear("sea", [
        [0, "#0e5a7a"],
        [1, "#06263a"],
      ]) +
      radial(
        "globe",
        [
          [0, "#ffffff", 0.65],
          [1, "#d6ecf3", 0.15],
        ],
        { cx: 0.4, cy: 0.35, r: 0.7 },
      );
    const horizon = 560;
    let b = `<rect width="${W}" height="${horizon}" fill="url(#sky)"/>`;
    const gx = 800;
    const gr = 280;
    b += `<circle cx="${gx}" cy="${horizon}" r="${gr}" fill="url(#globe)" stroke="#ffffff" stroke-opacity="0.7" stroke-width="3"/>`;
    for (let k = 1; k < 6; k++) {
      const rx = gr * Math.cos((k * Math.PI) / 12);
      b += `<ellipse cx="${gx}" cy="${horizon}" rx="${f(rx)}" ry="${gr}" fill="none" stroke="#2f7c9c" stroke-opacity="0.35" stroke-width="2"/>`;
    }
    for (let k = 1; k < 5; k++) {
      const y = horizon - k * 56;
      const half = Math.sqrt(gr * gr - (k * 56) ** 2);
      b += `<line x1="${f(gx - half)}" y1="${y}" x2="${f(gx + half)}" y2="${y}" stroke="#2f7c9c" stroke-opacity="0.35" stroke-width="2"/>`;
    }
    b += `<rect y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#sea)"/>`;
    b += reflections(r, gx, horizon + 6, 720, "#e6f4f8", 20, 200);
    b += waves(r, horizon + 20, H, "#9fd3e6", 14, 0.3);
    b += `<path d="M1260 700 C1250 660 1220 640 1190 630 C1230 626 1262 640 1272 660 C1282 640 1314 626 1354 630 C1324 640 1294 660 1284 700 Z" fill="#041a28"/>`;
    b += `<path d="M1230 702 Q1277 690 1324 702" fill="none" stroke="#cfe9f2" stroke-opacity="0.6" stroke-width="3"/>`;
    return scene(defs, b);
  },

  "draft-budget-leak-analysis"() {
    const r = rng(15);
    const defs = linear(
      "bg",
      [
        [0, "#f1ece4"],
        [1, "#ddd4c6"],
      ],
      { x2: 1, y2: 1 },
    );
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    for (const [x, y, rot] of [
      [360, 160, -8],
      [520, 200, 4],
      [980, 150, -3],
    ]) {
      b += `<g transform="rotate(${rot} ${x + 200} ${y + 260})"><rect x="${x + 10}" y="${y + 14}" width="400" height="520" fill="#000" opacity="0.08"/><rect x="${x}" y="${y}" width="400" height="520" fill="#fbfaf7"/>`;
      b += `<rect x="${x + 40}" y="${y + 50}" width="220" height="18" fill="#3b3b3b" opacity="0.75"/>`;
      for (let k = 0; k < 14; k++)
        b += `<rect x="${x + 40}" y="${y + 100 + k * 28}" width="${f(220 + r() * 100)}" height="8" fill="#8a8a8a" opacity="0.5"/>`;
      b += `<rect x="${x + 40}" y="${y + 240}" width="${f(160 + r() * 80)}" height="16" fill="#151515"/></g>`;
    }
    for (let i = 0; i < 7; i++) {
      const h = 80 + r() * 260;
      b += `<rect x="${1080 + i * 60}" y="${f(820 - h)}" width="40" height="${f(h)}" fill="${i === 4 ? "#c8553d" : "#2f4a6d"}" opacity="0.9"/>`;
    }
    b += `<line x1="1060" y1="820" x2="1520" y2="820" stroke="#2f2f2f" stroke-width="3"/>`;
    return scene(defs, b);
  },

  "scheduled-election-preview"() {
    const r = rng(16);
    const defs = linear(
      "bg",
      [
        [0, "#24304f"],
        [1, "#3d2b56"],
      ],
      { x2: 1, y2: 1 },
    );
    let b = `<rect width="${W}" height="${H}" fill="url(#bg)"/>`;
    for (let i = 0; i < 40; i++) {
      const c = ["#f2c14e", "#e05a5a", "#5aa0e6", "#ffffff"][Math.floor(r() * 4)];
      b += `<circle cx="${f(r() * W)}" cy="${f(r() * H)}" r="${f(4 + r() * 10)}" fill="${c}" opacity="${f(0.15 + r() * 0.3)}"/>`;
    }
    b += `<ellipse cx="800" cy="790" rx="360" ry="40" fill="#000" opacity="0.25"/>`;
    b += `<polygon points="520,420 1000,420 1100,360 620,360" fill="#f5f1ea"/>`;
    b += `<rect x="520" y="420" width="480" height="360" fill="#e3ddd2"/>`;
    b += `<polygon points="1000,420 1100,360 1100,720 1000,780" fill="#c9c1b3"/>`;
    b += `<polygon points="700,395 900,395 915,386 715,386" fill="#2a2540"/>`;
    b += `<g transform="rotate(-6 800 300)"><rect x="690" y="150" width="220" height="250" fill="#ffffff"/>`;
    b += `<rect x="720" y="190" width="36" height="36" fill="none" stroke="#2a2540" stroke-width="5"/><rect x="720" y="250" width="36" height="36" fill="none" stroke="#2a2540" stroke-width="5"/><rect x="720" y="310" width="36" height="36" fill="none" stroke="#2a2540" stroke-width="5"/>`;
    b += `<path d="M724 268 L737 282 L764 244" fill="none" stroke="#c8553d" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>`;
    for (const y of [204, 264, 324]) b += `<rect x="776" y="${y}" width="110" height="8" fill="#b9b3c8"/>`;
    b += `</g><rect x="600" y="520" width="320" height="120" fill="#5aa0e6" opacity="0.85"/>`;
    return scene(defs, b);
  },
};

const A = 256;
const avatarScenes = {
  "elif-arslan"() {
    const defs = linear(
      "a",
      [
        [0, "#1f5f6b"],
        [1, "#0e2f38"],
      ],
      { x2: 1, y2: 1 },
    );
    let b = `<rect width="${A}" height="${A}" fill="url(#a)"/>`;
    for (let k = 6; k > 0; k--)
      b += `<circle cx="170" cy="170" r="${k * 26}" fill="${k % 2 ? "#e3a857" : "#1f5f6b"}" opacity="${f(0.25 + k * 0.08)}"/>`;
    b += `<circle cx="80" cy="80" r="34" fill="#f4e6c8"/>`;
    return scene(defs, b, { width: A, height: A, vignette: false });
  },
  "daniel-okafor"() {
    const defs = linear(
      "a",
      [
        [0, "#3b2a4f"],
        [1, "#1b1430"],
      ],
      { x2: 1, y2: 1 },
    );
    let b = `<rect width="${A}" height="${A}" fill="url(#a)"/>`;
    for (let i = -4; i < 10; i++)
      b += `<rect x="${i * 36}" y="-60" width="16" height="400" fill="#c8553d" opacity="0.55" transform="rotate(35 128 128)"/>`;
    b += `<circle cx="128" cy="128" r="70" fill="#f2c14e"/><circle cx="128" cy="128" r="38" fill="#3b2a4f"/>`;
    return scene(defs, b, { width: A, height: A, vignette: false });
  },
  "marta-lindqvist"() {
    const defs = linear(
      "a",
      [
        [0, "#e9efe6"],
        [1, "#bccab8"],
      ],
      { x2: 1, y2: 1 },
    );
    let b = `<rect width="${A}" height="${A}" fill="url(#a)"/>`;
    b += `<circle cx="100" cy="110" r="72" fill="#2f6f6a" opacity="0.85"/>`;
    b += `<circle cx="160" cy="140" r="72" fill="#d9a441" opacity="0.75"/>`;
    b += `<circle cx="120" cy="180" r="50" fill="#c8553d" opacity="0.7"/>`;
    return scene(defs, b, { width: A, height: A, vignette: false });
  },
};

async function encode(svgText, file) {
  let quality = 70;
  let buf;
  for (;;) {
    buf = await sharp(Buffer.from(svgText)).webp({ quality, effort: 6 }).toBuffer();
    if (buf.length <= MAX_BYTES || quality <= 40) break;
    quality -= 8;
  }
  fs.writeFileSync(file, buf);
  return { bytes: buf.length, quality };
}

async function main() {
  fs.mkdirSync(ARTICLE_DIR, { recursive: true });
  fs.mkdirSync(AUTHOR_DIR, { recursive: true });
  let total = 0;
  for (const [name, draw] of Object.entries(articleScenes)) {
    const { bytes, quality } = await encode(draw(), path.join(ARTICLE_DIR, `${name}.webp`));
    total += bytes;
    console.log(`articles/${name}.webp  ${(bytes / 1024).toFixed(1)} KB  q${quality}`);
  }
  for (const [slug, draw] of Object.entries(avatarScenes)) {
    const { bytes, quality } = await encode(draw(), path.join(AUTHOR_DIR, `${slug}.webp`));
    total += bytes;
    console.log(`authors/${slug}.webp  ${(bytes / 1024).toFixed(1)} KB  q${quality}`);
  }
  console.log(`total ${(total / 1024).toFixed(1)} KB`);
}

await main();
