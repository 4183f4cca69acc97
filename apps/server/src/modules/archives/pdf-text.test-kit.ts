import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page of a PDF, pages joined by a form feed; runs on a page joined without separators. */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return { text: pages.join('\f'), pages: doc.numPages };
}

/** The PDF's font dictionary entries: BaseFont names and whether each has an embedded FontFile2. */
export function embeddedFonts(pdf: Buffer): { baseFonts: string[]; hasFontFile: boolean } {
  const raw = pdf.toString('latin1');
  const baseFonts = [...raw.matchAll(/\/BaseFont\s*\/([A-Za-z0-9+_-]+)/g)].map((m) => m[1] ?? '');
  return { baseFonts: [...new Set(baseFonts)], hasFontFile: /\/FontFile2\s+\d+\s+0\s+R/.test(raw) };
}
