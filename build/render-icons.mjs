// Renders the PNG icons in build/ from their SVG sources, with the system's Chromium through
// playwright-core (nothing is downloaded). Run after editing an SVG, then commit the PNGs:
//
//   npx node build/render-icons.mjs            (CHROMIUM=/path/to/chromium to override)
//
// Outputs: icon.png (1024, electron-builder derives .icns/.ico from it), icons/NxN.png (the
// Linux icon set, 512 down to 16), and the tray icons at 16 px with @2x at 32 px, which
// Electron's nativeImage picks by itself on high-density screens.
import { readFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;

/** [source SVG, output PNG, size in px] */
const renders = [
  ['icon.svg', 'icon.png', 1024],
  ...[512, 256, 128, 64, 48, 32, 16].map((size) => ['icon.svg', `icons/${size}x${size}.png`, size]),
  ...['tray', 'tray-paused', 'trayTemplate', 'trayPausedTemplate'].flatMap((name) => [
    [`tray/${name}.svg`, `tray/${name}.png`, 16],
    [`tray/${name}.svg`, `tray/${name}@2x.png`, 32],
  ]),
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [source, output, size] of renders) {
    const svg = await readFile(join(here, source), 'utf8');
    // The SVG is drawn at the target size by the browser (not scaled as a bitmap afterwards),
    // so small sizes get crisp, properly antialiased edges.
    const sized = svg.replace(/<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"/, `<svg$1 width="${size}" height="${size}"`);
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${sized}</body></html>`,
    );
    const target = join(here, output);
    await mkdir(dirname(target), { recursive: true });
    await page.screenshot({ path: target, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`${output} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
