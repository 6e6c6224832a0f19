import { describe, expect, it } from 'vitest';
import { smsSegments } from './sms-segments';

describe('SMS segments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['plain ASCII', 'Hello, world!', 'GSM-7', 13, 1],
    ['160 GSM-7 characters fit one segment', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM-7 characters need two (153 each)', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 GSM-7 characters fit two', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 GSM-7 characters need three', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['GSM-7 accented letters of the basic table', 'Ça coûte 5€? Où? àèéìòù', 'UCS-2', 23, 1],
    ['basic-table accents only', 'Où est Ñandù? Ünd Æ ß', 'GSM-7', 21, 1],
    ['extension characters cost two septets', '{[~]}|^€\\', 'GSM-7', 18, 1],
    ['80 euro signs: 160 septets, one segment', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs: 162 septets, two segments', '€'.repeat(81), 'GSM-7', 162, 2],
    [
      'an escape pair is not split at the 153 boundary',
      `${'a'.repeat(152)}€${'a'.repeat(10)}`,
      'GSM-7',
      164,
      2,
    ],
    ['pair split forces a third segment', `${'a'.repeat(152)}€${'a'.repeat(152)}€`, 'GSM-7', 308, 3],
    ['an emoji switches to UCS-2', 'Hi 👋', 'UCS-2', 5, 1],
    ['70 UCS-2 units fit one segment', 'ж'.repeat(70), 'UCS-2', 70, 1],
    ['71 UCS-2 units need two (67 each)', 'ж'.repeat(71), 'UCS-2', 71, 2],
    ['35 emoji are 70 units: one segment', '😀'.repeat(35), 'UCS-2', 70, 1],
    ['36 emoji need two segments', '😀'.repeat(36), 'UCS-2', 72, 2],
    [
      'a surrogate pair is not split at the 67 boundary',
      `${'ж'.repeat(66)}😀${'ж'.repeat(10)}`,
      'UCS-2',
      78,
      2,
    ],
    ['Chinese', '你好世界', 'UCS-2', 4, 1],
  ])('%s', (_name, text, encoding, units, segments) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments });
  });
});
