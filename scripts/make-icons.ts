/**
 * Draws the Teams app icons from simple geometry and writes them as PNG files:
 *
 *   appPackage/color.png    192x192, a white padlock on a red shield over a navy background
 *   appPackage/outline.png   32x32, the same padlock in white on a transparent background
 *
 * Only node:zlib is used: the PNG chunks (IHDR, IDAT, IEND) and their CRC-32 are written here,
 * so the icons can be rebuilt anywhere with `npx tsx scripts/make-icons.ts`.
 *
 * Shapes are predicates on the unit square (0,0 top left, 1,1 bottom right); each pixel is
 * supersampled to get smooth edges.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
/** True when the point (x, y) of the unit square lies inside the shape. */
type Shape = (x: number, y: number) => boolean;

const NAVY: Rgb = [0x14, 0x22, 0x3e];
const RED: Rgb = [0xc4, 0x2b, 0x2b];
const WHITE: Rgb = [0xff, 0xff, 0xff];

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

function roundedRect(cx: number, cy: number, hw: number, hh: number, r: number): Shape {
  return (x, y) => {
    const dx = Math.abs(x - cx) - (hw - r);
    const dy = Math.abs(y - cy) - (hh - r);
    if (dx <= 0 || dy <= 0) return Math.abs(x - cx) <= hw && Math.abs(y - cy) <= hh;
    return dx * dx + dy * dy <= r * r;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A stroked "U" upside down: a half ring of centre (cx, cy) and radius r, with legs down to legEnd. */
function shackle(cx: number, cy: number, r: number, halfWidth: number, legEnd: number): Shape {
  return (x, y) => {
    if (y <= cy) return Math.abs(Math.hypot(x - cx, y - cy) - r) <= halfWidth;
    if (y > legEnd) return false;
    return Math.abs(Math.abs(x - cx) - r) <= halfWidth;
  };
}

/** A heater shield: straight sides down to `shoulder`, then curving in to a point at `bottom`. */
function shield(cx: number, top: number, hw: number, shoulder: number, bottom: number): Shape {
  const corner = roundedRect(cx, top + hw * 0.5, hw, hw * 0.5, hw * 0.18);
  return (x, y) => {
    if (y < top || y > bottom) return false;
    if (y < top + hw * 0.5) return corner(x, y);
    if (y <= shoulder) return Math.abs(x - cx) <= hw;
    const t = (y - shoulder) / (bottom - shoulder);
    return Math.abs(x - cx) <= hw * (1 - t * t);
  };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((s) => s(x, y));
}

function minus(a: Shape, b: Shape): Shape {
  return (x, y) => a(x, y) && !b(x, y);
}

/** Places a shape drawn on the unit square into the box (x0, y0, size) of the unit square. */
function place(shape: Shape, x0: number, y0: number, size: number): Shape {
  return (x, y) => shape((x - x0) / size, (y - y0) / size);
}

/**
 * The padlock on its own unit square: a rounded body, a shackle and a keyhole cut through.
 * It spans x 0.16..0.84 and y 0.05..0.95.
 */
function padlock(): Shape {
  const body = roundedRect(0.5, 0.69, 0.34, 0.26, 0.07);
  const bow = shackle(0.5, 0.31, 0.205, 0.075, 0.5);
  const keyhole = union(circle(0.5, 0.645, 0.075), roundedRect(0.5, 0.75, 0.035, 0.1, 0.02));
  return union(minus(body, keyhole), minus(bow, body));
}

// ---------------------------------------------------------------------------------------------
// Raster
// ---------------------------------------------------------------------------------------------

/** An RGBA image with channels in 0..1, not premultiplied. */
class Canvas {
  readonly pixels: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Float64Array(width * height * 4);
  }

  /** Paints `color` over the canvas wherever `shape` covers, with coverage from n x n samples. */
  fill(shape: Shape, color: Rgb, samples = 8): void {
    for (let py = 0; py < this.height; py++) {
      for (let px = 0; px < this.width; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const x = (px + (sx + 0.5) / samples) / this.width;
            const y = (py + (sy + 0.5) / samples) / this.height;
            if (shape(x, y)) hits++;
          }
        }
        if (hits > 0) this.blend(px, py, color, hits / (samples * samples));
      }
    }
  }

  private blend(px: number, py: number, color: Rgb, alpha: number): void {
    const i = (py * this.width + px) * 4;
    const p = this.pixels;
    const under = p[i + 3]!;
    const out = alpha + under * (1 - alpha);
    for (let c = 0; c < 3; c++) {
      const src = color[c]! / 255;
      p[i + c] = (src * alpha + p[i + c]! * under * (1 - alpha)) / out;
    }
    p[i + 3] = out;
  }

  /** 8-bit samples: RGB when `withAlpha` is false (the canvas must then be opaque), else RGBA. */
  bytes(withAlpha: boolean): Buffer {
    const channels = withAlpha ? 4 : 3;
    const out = Buffer.alloc(this.width * this.height * channels);
    for (let i = 0, o = 0; i < this.pixels.length; i += 4, o += channels) {
      const alpha = Math.round(this.pixels[i + 3]! * 255);
      for (let c = 0; c < 3; c++) {
        // A fully transparent pixel carries no colour: write 0 for determinism.
        out[o + c] = withAlpha && alpha === 0 ? 0 : Math.round(this.pixels[i + c]! * 255);
      }
      if (withAlpha) out[o + 3] = alpha;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes 8-bit RGB (colour type 2) or RGBA (colour type 6) samples, every row with filter 0. */
export function encodePng(width: number, height: number, samples: Buffer, withAlpha: boolean) {
  const channels = withAlpha ? 4 : 3;
  const stride = width * channels;
  if (samples.length !== stride * height) throw new Error('sample buffer does not match size');

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = withAlpha ? 6 : 2; // colour type
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace

  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    samples.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The two icons
// ---------------------------------------------------------------------------------------------

export function colorIcon(): Buffer {
  const size = 192;
  const canvas = new Canvas(size, size);
  canvas.fill(() => true, NAVY, 1);
  // The symbol keeps inside the central area Teams leaves visible on every surface.
  canvas.fill(shield(0.5, 0.15, 0.28, 0.52, 0.88), RED);
  canvas.fill(place(padlock(), 0.31, 0.25, 0.38), WHITE);
  return encodePng(size, size, canvas.bytes(false), false);
}

export function outlineIcon(): Buffer {
  const size = 32;
  const canvas = new Canvas(size, size);
  canvas.fill(place(padlock(), 0.03, 0.03, 0.94), WHITE, 16);
  return encodePng(size, size, canvas.bytes(true), true);
}

function main(): void {
  const dir = resolve(__dirname, '..', 'appPackage');
  const files: [string, Buffer][] = [
    ['color.png', colorIcon()],
    ['outline.png', outlineIcon()],
  ];
  for (const [name, png] of files) {
    writeFileSync(join(dir, name), png);
    console.log(`wrote ${join('appPackage', name)} (${png.length} bytes)`);
  }
}

if (require.main === module) main();
