import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestCertificateAuthority,
  readTestCertificates,
  writeTestCertificates,
} from '../../src/simulator';
import { testCertificates } from './helpers';

describe('simulator TLS certificates', () => {
  it('makes a CA and a server certificate for localhost and 127.0.0.1 signed by it', () => {
    const { caPem, certPem, keyPem } = testCertificates();
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(ca.publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(ca));
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.match(keyPem, /BEGIN PRIVATE KEY/);
  });

  it('covers custom hosts, including IPv6', () => {
    const { certPem } = createTestCertificateAuthority(['graph.test', '::1']);
    const cert = new X509Certificate(certPem);
    assert.equal(cert.checkHost('graph.test'), 'graph.test');
    assert.ok(cert.checkIP('::1'));
    assert.equal(cert.checkHost('localhost'), undefined);
  });

  it('writes ca.pem, cert.pem and a private key.pem, and reads them back while they fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulator-tls-'));
    try {
      const paths = writeTestCertificates(join(dir, 'nested'), testCertificates());
      assert.equal(statSync(paths.keyPath).mode & 0o777, 0o600);
      assert.deepEqual(readTestCertificates(join(dir, 'nested')), testCertificates());
      assert.equal(readTestCertificates(join(dir, 'nested'), ['other.test']), undefined);
      assert.equal(readTestCertificates(join(dir, 'missing')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
