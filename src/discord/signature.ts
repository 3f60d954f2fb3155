import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Discord signs every interaction it POSTs with the application's Ed25519 key: the signature covers
 * the `X-Signature-Timestamp` header followed by the raw body. node:crypto verifies Ed25519 itself,
 * so no dependency is needed; the Developer Portal gives the raw 32-byte key as hex, which node
 * reads only as SPKI DER, hence the fixed 12-byte header (RFC 8410: algorithm id 1.3.101.112).
 */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;

export type SignatureCheck = (timestamp: string | undefined, body: Buffer, signatureHex: string | undefined) => boolean;

export function ed25519PublicKey(publicKeyHex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** True only for a well-formed signature by `publicKeyHex` over timestamp + body. */
export function signatureCheck(publicKeyHex: string): SignatureCheck {
  const key = ed25519PublicKey(publicKeyHex);
  return (timestamp, body, signatureHex) => {
    if (!timestamp || !signatureHex || !SIGNATURE_HEX.test(signatureHex)) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  };
}
