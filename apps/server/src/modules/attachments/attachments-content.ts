import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../errors.ts';

/**
 * What a file is, decided from its content (magic bytes, via `file-type`), never from its name or the client's
 * Content-Type: a renamed executable is an executable. Each use names the kinds it accepts.
 */

export const scanMediaTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;
export type ScanMediaType = (typeof scanMediaTypes)[number];

const labels: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
};

export interface SniffedType {
  mediaType: string;
  extension: string;
}

/** The type by content, or null when the content matches no known signature (plain text, random bytes). */
export async function sniffType(content: Uint8Array): Promise<SniffedType | null> {
  const found = await fileTypeFromBuffer(content);
  return found ? { mediaType: found.mime, extension: found.ext } : null;
}

/** Throws UNSUPPORTED_FILE unless the content is one of `accepted`; returns the media type by content. */
export async function checkType(content: Uint8Array, accepted: readonly string[]): Promise<SniffedType> {
  const sniffed = await sniffType(content);
  const allowed = accepted.map((t) => labels[t] ?? t).join('、');
  if (!sniffed) throw new AppError('UNSUPPORTED_FILE', `无法识别的文件内容，只接受 ${allowed} 文件`);
  if (!accepted.includes(sniffed.mediaType))
    throw new AppError(
      'UNSUPPORTED_FILE',
      `文件内容是 ${sniffed.extension.toUpperCase()}，只接受 ${allowed} 文件（按文件内容判断，与扩展名无关）`,
    );
  return sniffed;
}

export function checkSize(size: number, maxBytes: number): void {
  if (size === 0) throw new AppError('VALIDATION_FAILED', '文件是空的');
  if (size > maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `文件过大：最大 ${Math.floor(maxBytes / 1024 / 1024)} MB`);
}

// Control characters, path separators and characters Windows forbids in names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/;

/**
 * A file name as shown to people and offered at download. Files are stored by digest, so a name never reaches the
 * file system; still, a name with a path in it (`../x`, `a/b`, `C:\x`) or control characters is refused rather than
 * kept, so it cannot mislead a person or a program that trusts it later.
 */
export function checkFileName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (name === '') throw new AppError('VALIDATION_FAILED', '文件名不能为空');
  if (name.length > 200) throw new AppError('VALIDATION_FAILED', '文件名过长（最多 200 个字符）');
  if (UNSAFE.test(name) || name === '.' || name.startsWith('..'))
    throw new AppError('VALIDATION_FAILED', '文件名不能包含路径或特殊字符（/ \\ : * ? " < > | 或 ..）');
  return name;
}

/**
 * Content-Disposition with the name twice: an ASCII fallback and the UTF-8 name per RFC 5987 / RFC 6266, so
 * browsers show 存档证明.pdf rather than mojibake.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
