/**
 * Which CA certificates are trusted. Extra certificates are added to Node's roots (plus the OS store where the
 * runtime can read it and the caller asks), never replacing them. Verification is never turned off here.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as tls from 'node:tls';

/** One place to read CA certificates from: a file (a PEM bundle), or PEM text given directly. */
export type CertificateSource = { file: string; origin: string } | { pem: string; origin: string };

export interface CertificateProblem {
  /** e.g. `--ca-file`, `NODE_EXTRA_CA_CERTS`, `sophosCentral.caCertificates[1]` */
  origin: string;
  message: string;
}

export interface LoadedCertificates {
  /** One PEM certificate per entry, each parsed successfully. */
  pems: string[];
  problems: CertificateProblem[];
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads and checks every source; a source that fails is reported, the others still load. */
export async function loadCertificates(sources: readonly CertificateSource[]): Promise<LoadedCertificates> {
  const pems: string[] = [];
  const problems: CertificateProblem[] = [];
  for (const source of sources) {
    let text: string;
    const where = 'file' in source ? `${source.origin} ${source.file}` : source.origin;
    if ('file' in source) {
      try {
        text = await readFile(expandHome(source.file), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({
          origin: source.origin,
          message: `${where} cannot be read${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`,
        });
        continue;
      }
    } else {
      text = source.pem;
    }
    const blocks = text.match(pemBlock) ?? [];
    if (blocks.length === 0) {
      problems.push({
        origin: source.origin,
        message: `${where} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"). A DER file converts with: openssl x509 -inform der -in FILE -out FILE.pem`,
      });
      continue;
    }
    for (const [index, block] of blocks.entries()) {
      try {
        new X509Certificate(block);
        pems.push(block);
      } catch (error) {
        problems.push({
          origin: source.origin,
          message: `${where}: certificate ${index + 1} cannot be parsed (${(error as Error).message}).`,
        });
      }
    }
  }
  return { pems, problems };
}

/**
 * The sources to load: the explicit ones, plus NODE_EXTRA_CA_CERTS only where Node's own store lacks it. Node
 * read that file when the process started, so it is parsed again only when `env` names another file than the
 * one this process started with (an injected environment), or when explicit sources make a CA list of our own
 * and this Node cannot hand back its store with the file in it (tls.getCACertificates, 22.15 and later).
 */
export function certificateSources(
  explicit: readonly CertificateSource[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): CertificateSource[] {
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return [...explicit];
  const nodeTrustsIt = file === process.env.NODE_EXTRA_CA_CERTS?.trim();
  const listKeepsIt = explicit.length === 0 || nodeCaStoreReadable();
  return nodeTrustsIt && listKeepsIt ? [...explicit] : [...explicit, { file, origin: 'NODE_EXTRA_CA_CERTS' }];
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

type GetCaCertificates = (store?: 'default' | 'system' | 'bundled' | 'extra') => string[];

/** This Node lists its certificate stores, the system's among them (tls.getCACertificates, 22.15 and later). */
export function nodeCaStoreReadable(): boolean {
  return typeof (tls as { getCACertificates?: unknown }).getCACertificates === 'function';
}

/**
 * Node's store (its roots and NODE_EXTRA_CA_CERTS; before 22.15 the roots only), the system store if asked, and
 * the extra certificates; undefined when Node's default store serves as it is.
 */
export function trustedCas(extraCaPem: readonly string[], useSystemCertificates: boolean): string[] | undefined {
  if (extraCaPem.length === 0 && !useSystemCertificates) return undefined;
  const get = (tls as { getCACertificates?: GetCaCertificates }).getCACertificates;
  const base = get ? get('default') : [...tls.rootCertificates];
  const system = useSystemCertificates && get ? get('system') : [];
  return [...base, ...system, ...extraCaPem];
}
