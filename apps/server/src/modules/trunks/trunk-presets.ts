/**
 * What a preset fills in when the tenant leaves it out. Twilio Elastic SIP Trunking terminates on
 * `<name>.pstn.twilio.com` over UDP/TCP 5060 with IP ACLs or credential lists; Telnyx on
 * `sip.telnyx.com` with IP or credential auth. Both carry G.711 (PCMU first in North America).
 */
export const TRUNK_PRESETS = {
  twilio: { host: undefined, port: 5060, transport: 'udp', codecs: ['PCMU', 'PCMA'] },
  telnyx: { host: 'sip.telnyx.com', port: 5060, transport: 'udp', codecs: ['PCMU', 'PCMA', 'G722'] },
  generic: { host: undefined, port: 5060, transport: 'udp', codecs: ['PCMU', 'PCMA'] },
} as const;
export type TrunkPreset = keyof typeof TRUNK_PRESETS;
export const TRUNK_PRESET_NAMES = Object.keys(TRUNK_PRESETS) as [TrunkPreset, ...TrunkPreset[]];
