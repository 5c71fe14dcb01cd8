/**
 * Certificates for the sandbox over HTTPS: a CA made at start, and leaf certificates it issues for
 * 127.0.0.1 / ::1 / localhost (plus the bind address). Also the broken leaves tests need: one that has expired
 * and one issued for another host name. Keys come from node:crypto (fast, native); node-forge builds and signs
 * the X.509 structures, which Node 20 cannot do by itself. Test-only trust: nothing here is meant for real use.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import type { SandboxLeafKind } from './types';

export interface SandboxLeaf {
  certPem: string;
  keyPem: string;
}

export interface SandboxCertificates {
  caPem: string;
  /** The leaf of each kind, issued by the CA; made on first use. */
  leaf(kind: SandboxLeafKind): SandboxLeaf;
}

const day = 24 * 60 * 60 * 1000;

/** The host name the wrongHost leaf is issued for: `.invalid` never resolves (RFC 2606). */
export const wrongHostName = 'not-the-sandbox.invalid';

export function createSandboxCertificates(bindHost = '127.0.0.1', now = Date.now()): SandboxCertificates {
  const caKeys = rsaKeys();
  const caName = [
    { name: 'commonName', value: `Sophos Central sandbox test CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'Sophos Central sandbox (test only)' },
  ];
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(now - day);
  ca.validity.notAfter = new Date(now + 365 * day);
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(ca);

  // One key for every leaf: they differ in names and dates only.
  const leafKeys = rsaKeys();
  const localNames = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  const bind = bindHost.replace(/^\[|\]$/g, '');
  if (bind && bind !== '0.0.0.0' && bind !== '::' && !['localhost', '127.0.0.1', '::1'].includes(bind)) {
    localNames.push(isIP(bind) ? { type: 7, ip: bind } : { type: 2, value: bind });
  }
  const leaves = new Map<SandboxLeafKind, SandboxLeaf>();

  const issue = (kind: SandboxLeafKind): SandboxLeaf => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = leafKeys.publicKey;
    cert.serialNumber = serial();
    const expired = kind === 'expired';
    cert.validity.notBefore = new Date(expired ? now - 60 * day : now - day);
    cert.validity.notAfter = new Date(expired ? now - day : now + 90 * day);
    const names = kind === 'wrongHost' ? [{ type: 2, value: wrongHostName }] : localNames;
    cert.setSubject([{ name: 'commonName', value: kind === 'wrongHost' ? wrongHostName : 'localhost' }]);
    cert.setIssuer(caName);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names },
    ]);
    cert.sign(caKeys.privateKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: leafKeys.privateKeyPem };
  };

  return {
    caPem,
    leaf(kind) {
      let leaf = leaves.get(kind);
      if (!leaf) leaves.set(kind, (leaf = issue(kind)));
      return leaf;
    },
  };
}

function rsaKeys(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    privateKeyPem: privateKey,
  };
}

/** A positive serial number, hex: the top bit cleared so DER does not read it as negative. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}
