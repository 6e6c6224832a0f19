import type { MediaType } from '../../channels/whatsapp/meta/whatsapp-content';

const MB = 1024 * 1024;
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** WhatsApp's supported media (Cloud API "Supported media types"): what each kind accepts, and how large. */
export const MEDIA_LIMITS: Record<MediaType, { types: string[]; maxBytes: number }> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  video: { types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  sticker: { types: ['image/webp'], maxBytes: 500 * 1024 },
  document: {
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
};

/** The first bytes of the types that are easy to recognise: a file must be what it says it is. */
const MAGIC: Record<string, number[][]> = {
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
};

export type MediaCheck = { ok: true; kind: MediaType } | { ok: false; message: string };

/** The kind an upload can be sent as, or why WhatsApp would refuse it (type, size, content). */
export function checkMedia(contentType: string, body: Uint8Array, wanted?: MediaType): MediaCheck {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const kinds = (Object.keys(MEDIA_LIMITS) as MediaType[]).filter((k) =>
    MEDIA_LIMITS[k].types.includes(type),
  );
  const kind = wanted ? kinds.find((k) => k === wanted) : kinds[0];
  if (!kind)
    return {
      ok: false,
      message: wanted
        ? `${article(wanted)} ${wanted} must be one of ${MEDIA_LIMITS[wanted].types.join(', ')}`
        : `${type} is not a media type WhatsApp carries`,
    };
  if (body.byteLength === 0) return { ok: false, message: 'the file is empty' };
  const { maxBytes } = MEDIA_LIMITS[kind];
  if (body.byteLength > maxBytes)
    return { ok: false, message: `${article(kind)} ${kind} is at most ${maxBytes} bytes` };
  const magic = MAGIC[type];
  if (magic && !magic.some((prefix) => prefix.every((byte, i) => body[i] === byte)))
    return { ok: false, message: `the file's content is not ${type}` };
  return { ok: true, kind };
}
