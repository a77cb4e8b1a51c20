import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import forge from 'node-forge';

/** A test certificate authority and a server certificate it signed, all PEM-encoded. */
export interface TestCertificates {
  /** The CA certificate: what clients must trust (e.g. through NODE_EXTRA_CA_CERTS). */
  readonly caPem: string;
  /** The server (leaf) certificate. */
  readonly certPem: string;
  /** The server's private key (PKCS#8). */
  readonly keyPem: string;
}

/** Where {@link writeTestCertificates} put the files. */
export interface TestCertificatePaths {
  /** Absolute path of ca.pem. */
  readonly caPath: string;
  /** Absolute path of cert.pem. */
  readonly certPath: string;
  /** Absolute path of key.pem (mode 0600). */
  readonly keyPath: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** RSA key pair from node:crypto (much faster than forge's pure-JS generation). */
function rsaKeyPair(): {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  keyPem: string;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    keyPem: privateKey,
  };
}

/** A positive random serial number, as hex (the top bit cleared so DER keeps it positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function newCertificate(
  publicKey: forge.pki.PublicKey,
  commonName: string,
  lifetimeDays: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  // Backdated a little so that clock skew between processes never makes it "not yet valid".
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + lifetimeDays * DAY_MS);
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Lockdown Graph simulator (testing only)' },
  ]);
  return cert;
}

function subjectAltNames(
  hosts: readonly string[],
): { type: number; value?: string; ip?: string }[] {
  // Type 7 is iPAddress, type 2 is dNSName (RFC 5280).
  return hosts.map((host) => (isIP(host) !== 0 ? { type: 7, ip: host } : { type: 2, value: host }));
}

/**
 * Creates a fresh certificate authority and a server certificate signed by it, valid for the
 * given host names and IP addresses. For tests and demos only: the CA key is thrown away.
 *
 * @param hosts - DNS names and IP addresses the server certificate covers.
 */
export function createTestCertificateAuthority(
  hosts: readonly string[] = ['localhost', '127.0.0.1'],
): TestCertificates {
  if (hosts.length === 0) {
    throw new Error('createTestCertificateAuthority needs at least one host name or IP address.');
  }
  const caKeys = rsaKeyPair();
  const ca = newCertificate(caKeys.publicKey, 'Lockdown Graph simulator test CA', 365);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const server = newCertificate(serverKeys.publicKey, hosts[0] ?? 'localhost', 364);
  server.setIssuer(ca.subject.attributes);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: subjectAltNames(hosts) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(server),
    keyPem: serverKeys.keyPem,
  };
}

/**
 * Writes ca.pem, cert.pem and key.pem (mode 0600) into `dir`, creating it if needed.
 *
 * @param dir - Target directory.
 * @param certs - The certificates to write.
 */
export function writeTestCertificates(dir: string, certs: TestCertificates): TestCertificatePaths {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const paths = {
    caPath: join(root, 'ca.pem'),
    certPath: join(root, 'cert.pem'),
    keyPath: join(root, 'key.pem'),
  };
  writeFileSync(paths.caPath, certs.caPem);
  writeFileSync(paths.certPath, certs.certPem);
  writeFileSync(paths.keyPath, certs.keyPem, { mode: 0o600 });
  chmodSync(paths.keyPath, 0o600); // writeFileSync's mode applies only when it creates the file
  return paths;
}

/**
 * Reads certificates written by {@link writeTestCertificates} if they still fit: the server
 * certificate covers every host, was signed by the CA, and stays valid for at least a day.
 * Reusing them lets a client that trusts the CA keep working across simulator restarts.
 *
 * @param dir - Directory holding ca.pem, cert.pem and key.pem.
 * @param hosts - Hosts the server certificate must cover.
 * @returns The certificates, or undefined when absent, unreadable or unfit.
 */
export function readTestCertificates(
  dir: string,
  hosts: readonly string[] = ['localhost', '127.0.0.1'],
): TestCertificates | undefined {
  const root = resolve(dir);
  const files = ['ca.pem', 'cert.pem', 'key.pem'].map((name) => join(root, name));
  if (!files.every((file) => existsSync(file))) {
    return undefined;
  }
  try {
    const [caPem, certPem, keyPem] = files.map((file) => readFileSync(file, 'utf8')) as [
      string,
      string,
      string,
    ];
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    const coversHosts = hosts.every((host) =>
      isIP(host) !== 0 ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined,
    );
    const fresh = new Date(cert.validTo).getTime() - Date.now() > DAY_MS;
    return coversHosts && fresh && cert.verify(ca.publicKey)
      ? { caPem, certPem, keyPem }
      : undefined;
  } catch {
    return undefined;
  }
}
