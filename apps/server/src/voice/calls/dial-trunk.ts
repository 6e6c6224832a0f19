import type { voiceTrunks } from '../../modules/trunks/trunks.schema';
import type { DialResult } from './dial-invite';

type Trunk = typeof voiceTrunks.$inferSelect;

export type { DialResult };

const userOf = (address: string) => address.replace(/^sips?:/, '').replace(/@.*$/, '');

/** The INVITE's addressing through one trunk (digest credentials when the trunk uses them). */
export function trunkInvite(options: {
  trunk: Trunk;
  password: string | undefined;
  from: string;
  to: string;
  localHost: string;
}) {
  const { trunk } = options;
  return {
    uri: `sip:${userOf(options.to)}@${trunk.host}:${trunk.port};transport=${trunk.transport}`,
    from: `<sip:${userOf(options.from)}@${options.localHost}>`,
    to: `<sip:${userOf(options.to)}@${trunk.host}>`,
    protocol: trunk.transport === 'tcp' ? ('tcp' as const) : ('udp' as const),
    credentials:
      trunk.auth === 'digest' && trunk.username && options.password
        ? { username: trunk.username, password: options.password }
        : undefined,
  };
}
