/** Minimal but real signatures of the accepted types, and a Windows executable. */
export const samples = {
  pdf: Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  ),
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpeg: Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(64),
  ]),
  tiff: Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]), Buffer.alloc(64)]),
  exe: Buffer.concat([
    Buffer.from('MZ', 'latin1'),
    Buffer.alloc(0x3a),
    Buffer.from([0x40, 0, 0, 0]),
    Buffer.from('PE\0\0', 'latin1'),
    Buffer.alloc(64),
  ]),
};
