/**
 * Where an Entra tenant's token-signing keys come from: its OpenID metadata
 * (`{authority}/{tenant}/v2.0/.well-known/openid-configuration`) names the `jwks_uri`, whose keys
 * jose fetches, caches (10 minutes) and fetches again for an unknown `kid` (at most every 30 s).
 * The metadata is fetched on first use, not at start, so that a bot whose authority is briefly
 * unreachable still starts; a failed fetch is forgotten, so the next request tries again. Every
 * fetch has a time limit.
 */
import { createRemoteJWKSet, customFetch, type FetchImplementation, type RemoteJWKSet } from 'jose';

export type { FetchImplementation } from 'jose';

/** Where the metadata is and how long each fetch may take. */
export interface OpenIdKeySourceOptions {
  /** `{authority}/{tenant}/v2.0/.well-known/openid-configuration`. */
  readonly metadataUrl: string;
  /** Time limit of the metadata fetch and of each JWKS fetch, in ms. */
  readonly timeoutMs: number;
  /** The fetch used for both (tests, proxies); the global `fetch` by default. */
  readonly fetch?: FetchImplementation;
}

/** The tenant's signing keys and the issuer its metadata declares. */
export interface OpenIdKeys {
  /** The metadata's `issuer` (the v2 issuer), when it declares one. */
  readonly issuer?: string;
  /** The key resolver `jwtVerify` takes. */
  readonly keys: RemoteJWKSet;
}

/** Thrown when the metadata cannot be fetched or does not name a usable `jwks_uri`. */
export class OpenIdMetadataError extends Error {
  /** @param message - What went wrong, without anything secret (it is logged). */
  constructor(message: string) {
    super(message);
    this.name = 'OpenIdMetadataError';
  }
}

/** The signing keys of one tenant, loaded on first use and again after a failure. */
export class OpenIdKeySource {
  private loading: Promise<OpenIdKeys> | undefined;
  private readonly fetcher: FetchImplementation;

  /** @param options - Where the metadata is and how long each fetch may take. */
  constructor(private readonly options: OpenIdKeySourceOptions) {
    this.fetcher = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /**
   * The keys; concurrent callers share one metadata fetch.
   *
   * @throws OpenIdMetadataError when the metadata cannot be read (the next call tries again).
   */
  get(): Promise<OpenIdKeys> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<OpenIdKeys> {
    const { metadataUrl, timeoutMs } = this.options;
    let metadata: unknown;
    try {
      const response = await this.fetcher(metadataUrl, {
        headers: new Headers({ accept: 'application/json' }),
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 200) {
        throw new OpenIdMetadataError(`OpenID metadata answered HTTP ${response.status}`);
      }
      metadata = await response.json();
    } catch (error) {
      if (error instanceof OpenIdMetadataError) throw error;
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new OpenIdMetadataError(`OpenID metadata could not be read (${what.slice(0, 200)})`);
    }
    const fields = typeof metadata === 'object' && metadata !== null ? metadata : {};
    const jwksUri = (fields as { jwks_uri?: unknown }).jwks_uri;
    const issuer = (fields as { issuer?: unknown }).issuer;
    const keysUrl = this.keysUrl(jwksUri);
    return {
      ...(typeof issuer === 'string' ? { issuer } : {}),
      keys: createRemoteJWKSet(keysUrl, {
        timeoutDuration: timeoutMs,
        [customFetch]: this.fetcher,
      }),
    };
  }

  /** The `jwks_uri` as a URL: https, or http only when the metadata itself is (local tests). */
  private keysUrl(jwksUri: unknown): URL {
    if (typeof jwksUri !== 'string') {
      throw new OpenIdMetadataError('OpenID metadata has no jwks_uri');
    }
    let url: URL;
    try {
      url = new URL(jwksUri);
    } catch {
      throw new OpenIdMetadataError('OpenID metadata has a jwks_uri that is not a URL');
    }
    const metadataProtocol = new URL(this.options.metadataUrl).protocol;
    if (url.protocol !== 'https:' && url.protocol !== metadataProtocol) {
      throw new OpenIdMetadataError(`OpenID metadata has a jwks_uri that is not https`);
    }
    return url;
  }
}
