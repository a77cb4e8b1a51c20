/**
 * `npm run simulator`: starts the Graph simulator for demos and manual testing.
 *
 *   npm run simulator -- [--seed file] [--port 8443] [--latency ms] [--page-size n]
 *                        [--certs dir] [--fresh-certs] [--host 127.0.0.1] [--public-host localhost]
 *                        [--throttle capacity,refill[,read,write]] [--fractional-retry-after]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTenantSeed } from './seed';
import { startSimulator } from './server';
import type { ThrottlingOptions } from './throttling';
import { createTestCertificateAuthority, readTestCertificates, writeTestCertificates } from './tls';

const USAGE = `Usage: npm run simulator -- [options]
  --seed <file>         tenant seed (default src/simulator/seeds/contoso.json)
  --port <n>            port to listen on (default 8443; 0 = any free port)
  --latency <ms>        delay added to every Graph request (default 0)
  --page-size <n>       device list page size when $top is absent (default 100)
  --certs <dir>         where ca.pem, cert.pem and key.pem live (default ./tmp/simulator-certs)
  --fresh-certs         make a new CA even if usable certificates exist in --certs
  --host <address>      address to listen on (default 127.0.0.1)
  --public-host <name>  host name in URLs and certificates (default localhost)
  --throttle <c,r>      Graph-style throttling, off by default: a token bucket per app and
                        tenant of c tokens, refilled at r per second; a read takes 1, a write
                        2 (--throttle c,r,read,write to change those)
  --fractional-retry-after
                        Retry-After in fractions of a second (default whole seconds, as Graph)
  --help                show this text`;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative number, got '${value}'.`);
  }
  return parsed;
}

/** `--throttle c,r[,rc,wc]` as bucket options; undefined when absent. */
function throttleOption(
  value: string | undefined,
  fractional: boolean,
): ThrottlingOptions | undefined {
  if (value === undefined) {
    return undefined;
  }
  const numbers = value.split(',').map((part) => numberOption('throttle', part.trim(), 0));
  const [capacity, refillPerSecond, readCost, writeCost] = numbers;
  if (numbers.length < 2 || numbers.length > 4) {
    throw new Error(`--throttle takes capacity,refill[,read cost,write cost], got '${value}'.`);
  }
  return {
    capacity: capacity ?? 0,
    refillPerSecond: refillPerSecond ?? 0,
    ...(readCost === undefined ? {} : { readCost }),
    ...(writeCost === undefined ? {} : { writeCost }),
    retryAfter: fractional ? 'fractional' : 'whole-seconds',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: 'src/simulator/seeds/contoso.json' },
      port: { type: 'string' },
      latency: { type: 'string' },
      'page-size': { type: 'string' },
      certs: { type: 'string', default: './tmp/simulator-certs' },
      'fresh-certs': { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      'public-host': { type: 'string', default: 'localhost' },
      throttle: { type: 'string' },
      'fractional-retry-after': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = loadTenantSeed(resolve(values.seed));
  const throttling = throttleOption(values.throttle, values['fractional-retry-after']);
  const publicHost = values['public-host'];
  // The certificate must name the public host; 127.0.0.1 is added for direct IP access.
  const hosts = [...new Set([publicHost, '127.0.0.1'])];
  const certificates =
    (values['fresh-certs'] ? undefined : readTestCertificates(values.certs, hosts)) ??
    createTestCertificateAuthority(hosts);
  const paths = writeTestCertificates(values.certs, certificates);
  const simulator = await startSimulator({
    seed,
    tls: certificates,
    host: values.host,
    port: numberOption('port', values.port, 8443),
    publicHost,
    latencyMs: numberOption('latency', values.latency, 0),
    pageSize: numberOption('page-size', values['page-size'], 100),
    ...(throttling === undefined ? {} : { throttling }),
  });
  const app = seed.apps[0];
  console.log(`Graph simulator listening on ${simulator.origin}
  tenant      ${simulator.tenantId} (${seed.domain})
  app         ${app?.clientId ?? '(none)'} ${app ? `"${app.displayName}"` : ''}
  CA          ${paths.caPath}
  users       ${simulator.tenant.users().length}, devices ${simulator.tenant.devices().length}
  throttling  ${throttling === undefined ? 'off' : `${throttling.capacity} tokens, ${throttling.refillPerSecond} per second`}

Point the bot at it with:
  AZURE_TENANT_ID=${simulator.tenantId}
  AZURE_CLIENT_ID=${app?.clientId ?? ''}
  AZURE_CLIENT_SECRET=${app?.clientSecret ?? '(certificate app: no secret)'}
  AZURE_AUTHORITY_HOST=${simulator.origin}
  GRAPH_ENDPOINT=${simulator.origin}
  NODE_EXTRA_CA_CERTS=${paths.caPath}

Press Ctrl+C to stop.`);

  const stop = (signal: string): void => {
    console.log(
      `\n${signal}: stopping the Graph simulator (${simulator.roundTrips} Graph round trips served).`,
    );
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
