/**
 * A private Azurite Tables server for one test suite: a free loopback port, a fresh temp folder,
 * no telemetry, no access log. Started with the Node running the tests (no shell shim), stopped
 * and wiped by {@link RunningAzurite.stop}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import forge from 'node-forge';

/** The public development account key every Azurite accepts (not a secret). */
const DEVELOPMENT_ACCOUNT = 'devstoreaccount1';
const DEVELOPMENT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** How to start Azurite. */
export interface AzuriteOptions {
  /**
   * Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and accept Entra bearer
   * tokens (`--oauth basic`: Azurite checks audience, issuer and lifetime, not the signature).
   */
  readonly oauth?: boolean;
  /** How long to wait for it to accept connections. */
  readonly timeoutMs?: number;
}

/** A running Azurite. */
export interface RunningAzurite {
  readonly port: number;
  /** `http(s)://127.0.0.1:PORT/devstoreaccount1` */
  readonly endpoint: string;
  /** With `oauth`: the PEM certificate a client must trust. */
  readonly certificatePem?: string;
  /** Development account connection string pointing at this server. */
  readonly connectionString: string;
  /** Kills the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Starts Azurite Tables and resolves once it accepts connections. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cleanups: (() => void)[] = [];
  const location = mkdtempSync(join(tmpdir(), 'lockdown-azurite-'));
  const tls = options.oauth ? selfSignedCertificate() : undefined;
  const tlsArguments: string[] = [];
  if (tls) {
    // Outside the workspace folder, which Azurite owns.
    const certificates = mkdtempSync(join(tmpdir(), 'lockdown-azurite-tls-'));
    writeFileSync(join(certificates, 'cert.pem'), tls.certPem);
    writeFileSync(join(certificates, 'key.pem'), tls.keyPem, { mode: 0o600 });
    tlsArguments.push(
      '--cert',
      join(certificates, 'cert.pem'),
      '--key',
      join(certificates, 'key.pem'),
      '--oauth',
      'basic',
    );
    cleanups.push(() => rmSync(certificates, { recursive: true, force: true }));
  }
  // A port picked just before the spawn can be taken in between: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        azuriteTableScript(),
        '--tableHost',
        '127.0.0.1',
        '--tablePort',
        String(port),
        '--location',
        location,
        '--silent',
        '--skipApiVersionCheck',
        '--disableTelemetry',
        ...tlsArguments,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForPort(port, child, timeoutMs);
    } catch (error) {
      await kill(child);
      if (attempt < 3 && /EADDRINUSE/.test(output)) continue;
      rmSync(location, { recursive: true, force: true });
      for (const cleanup of cleanups.splice(0)) cleanup();
      throw new Error(`Azurite did not start: ${(error as Error).message}\n${output}`);
    }
    const protocol = tls ? 'https' : 'http';
    const endpoint = `${protocol}://127.0.0.1:${port}/${DEVELOPMENT_ACCOUNT}`;
    return {
      port,
      endpoint,
      ...(tls ? { certificatePem: tls.certPem } : {}),
      connectionString: `DefaultEndpointsProtocol=${protocol};AccountName=${DEVELOPMENT_ACCOUNT};AccountKey=${DEVELOPMENT_KEY};TableEndpoint=${endpoint};`,
      async stop() {
        await kill(child);
        rmSync(location, { recursive: true, force: true });
        for (const cleanup of cleanups.splice(0)) cleanup();
      },
    };
  }
}

/** A self-signed certificate for 127.0.0.1, which a client trusts by passing it as `ca`. */
function selfSignedCertificate(): { readonly certPem: string; readonly keyPem: string } {
  // node:crypto makes the key (fast); forge only builds the certificate.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const subject = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

function azuriteTableScript(): string {
  const manifest = require.resolve('azurite/package.json');
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin[
    'azurite-table'
  ];
  if (!bin) throw new Error('azurite has no azurite-table bin: is the devDependency installed?');
  return join(dirname(manifest), bin);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`it exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
