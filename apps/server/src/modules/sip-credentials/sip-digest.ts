import { createHash, randomBytes } from 'node:crypto';

/**
 * One digest realm for the whole platform; tenants are kept apart by the digest user name instead:
 * `<extension>@<tenantId>`. A phone registers as `sip:<extension>@<IRIS SIP address>` with that auth
 * user name, so two tenants' extension 1001 never collide, and the registrar knows the tenant from
 * the credentials before any lookup by domain (phones reach IRIS by IP address on most installs).
 */
export const SIP_REALM = 'iris';

export const authUsernameOf = (username: string, tenantId: string) => `${username}@${tenantId}`;

/** HA1 of RFC 2617 / 7616 (MD5): what the digest check needs instead of the password. */
export const digestHa1 = (authUsername: string, password: string, realm = SIP_REALM) =>
  createHash('md5').update(`${authUsername}:${realm}:${password}`).digest('hex');

/** 24 characters of base64url: ~143 bits, typeable into a phone's settings. */
export const generateSipPassword = () => randomBytes(18).toString('base64url');
