import { createHash } from 'node:crypto';
import { encodePng } from './png-image.ts';

/**
 * A made-up issuer logo as an RGBA PNG: a colour gradient in a rounded badge with a ring and
 * a diagonal band, on a transparent background. Issuers' logos are raster images with
 * smooth colours and an alpha channel, which PDF writers embed as an image plus a soft mask.
 * The colours come from the seed, so one issuer always gets the same logo.
 */

export const logoSize = { width: 480, height: 200 } as const;

type Rgb = readonly [number, number, number];

export function buildLogoPng(seed: string): Buffer {
  const digest = createHash('sha256').update(seed).digest();
  const from = hueToRgb((digest[0] as number) / 255);
  const to = hueToRgb((digest[1] as number) / 255);
  const { width, height } = logoSize;
  const rows = Buffer.alloc(width * height * 4);

  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      const colour = pixelColour(x, y, from, to);
      rows[offset] = colour[0];
      rows[offset + 1] = colour[1];
      rows[offset + 2] = colour[2];
      rows[offset + 3] = Math.round(255 * badgeCoverage(x, y));
    }
  }
  return encodePng({ width, height, bitDepth: 8, colorType: 6, rows });
}

/** Gradient from the left colour to the right one, lighter at the top, with a white ring and band. */
function pixelColour(x: number, y: number, from: Rgb, to: Rgb): Rgb {
  const { width, height } = logoSize;
  const across = quantize(x, 8) / (width - 1);
  const light = 0.35 * (1 - quantize(y, 4) / (height - 1));
  const base = from.map((channel, index) => channel + (((to[index] as number) - channel) * across)) as unknown as Rgb;
  const shaded = base.map((channel) => channel + (255 - channel) * light) as unknown as Rgb;

  const ring = Math.abs(Math.hypot(x - height / 2, y - height / 2) - height * 0.3);
  const band = Math.abs(x - y - width * 0.45) / Math.SQRT2;
  const white = Math.max(edge(ring, height * 0.05), edge(band, height * 0.06));
  return shaded.map((channel) => Math.round(channel + (255 - channel) * white)) as unknown as Rgb;
}

/** Opacity of a rounded rectangle covering most of the image, anti-aliased over one pixel. */
function badgeCoverage(x: number, y: number): number {
  const { width, height } = logoSize;
  const radius = height * 0.25;
  const dx = Math.max(0, Math.abs(x + 0.5 - width / 2) - (width / 2 - 4 - radius));
  const dy = Math.max(0, Math.abs(y + 0.5 - height / 2) - (height / 2 - 4 - radius));
  return edge(Math.hypot(dx, dy) - radius, 0);
}

/** 1 inside a half-width `halfWidth` around zero distance, fading to 0 over one pixel. */
function edge(distance: number, halfWidth: number): number {
  return Math.min(1, Math.max(0, halfWidth + 0.5 - distance));
}

/** Rounds down to a multiple of `step`: the gradient changes in steps, as in a logo saved with few colours. */
function quantize(value: number, step: number): number {
  return Math.floor(value / step) * step;
}

function hueToRgb(hue: number): Rgb {
  const channel = (shift: number) => {
    const k = (shift + hue * 6) % 6;
    return Math.round(200 * (1 - Math.max(0, Math.min(k, 4 - k, 1))) + 20);
  };
  return [channel(5), channel(3), channel(1)];
}
