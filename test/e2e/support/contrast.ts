// Contrast read from pixels, as a person sees the element: the screenshot's most common colour is the
// background, and the colour among the rest that stands out most from it is the text (glyph cores reach
// the full text colour; anti-aliased edges sit between). WCAG's relative luminance and contrast ratio.
import { PNG } from 'pngjs';

export interface MeasuredContrast {
  ratio: number;
  foreground: string;
  background: string;
}

type Rgb = [number, number, number];

/** The text-to-background contrast of an element screenshot (PNG), ignoring `inset` px at its edges (borders). */
export function textContrast(png: Buffer, inset = 2): MeasuredContrast {
  const image = PNG.sync.read(png);
  const counts = new Map<number, number>();
  const { width, height, data } = image;
  const x0 = width > inset * 2 + 4 ? inset : 0;
  const y0 = height > inset * 2 + 4 ? inset : 0;
  for (let y = y0; y < height - y0; y++) {
    for (let x = x0; x < width - x0; x++) {
      const i = (y * width + x) * 4;
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  let background = 0;
  let most = -1;
  for (const [key, count] of counts) if (count > most) [background, most] = [key, count];
  const pixels = (width - 2 * x0) * (height - 2 * y0);
  // A colour needs a few pixels to count as the text's (a stray pixel of an edge is not).
  const floor = Math.max(3, Math.floor(pixels * 0.002));
  let best = { key: background, ratio: 1 };
  for (const [key, count] of counts) {
    if (key === background || count < floor) continue;
    const ratio = contrastRatio(rgbOf(key), rgbOf(background));
    if (ratio > best.ratio) best = { key, ratio };
  }
  return { ratio: Math.round(best.ratio * 100) / 100, foreground: hex(best.key), background: hex(background) };
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function rgbOf(key: number): Rgb {
  return [(key >> 16) & 255, (key >> 8) & 255, key & 255];
}

function hex(key: number): string {
  return `#${key.toString(16).padStart(6, '0')}`;
}
