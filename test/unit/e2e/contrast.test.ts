import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { textContrast } from '../../e2e/support/contrast';

/** A PNG of `width`×`height` in `background` with a block of `text` colour in the middle (a glyph stand-in). */
function picture(background: [number, number, number], text: [number, number, number], width = 40, height = 20): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= 10 && x < 20 && y >= 6 && y < 14;
      const [r, g, b] = inside ? text : background;
      const i = (y * width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

describe('contrast measured on a screenshot', () => {
  it('finds the background and the text colour and rates them as WCAG does', () => {
    assert.deepEqual(textContrast(picture([255, 255, 255], [0, 0, 0])), { ratio: 21, foreground: '#000000', background: '#ffffff' });
    const dim = textContrast(picture([0, 0, 0], [18, 31, 36]));
    assert.ok(dim.ratio < 1.5, `black on black is caught (${dim.ratio})`);
  });

  it('ignores a border at the edges of the element', () => {
    const png = PNG.sync.read(picture([0, 0, 0], [0, 0, 0]));
    for (let x = 0; x < png.width; x++) png.data.set([255, 255, 255, 255], x * 4);
    assert.equal(textContrast(PNG.sync.write(png)).ratio, 1, 'a white top border is not text');
  });
});
