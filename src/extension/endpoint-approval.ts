/**
 * Before the first secret goes to a host that is not Sophos' own (`*.sophos.com` over https), or along a
 * route the network settings changed (a proxy, certificate checks off, extra CAs), the user confirms it once. Any extension can write the user's settings, so `sophosCentral.idUrl` alone never
 * decides where a Client Secret goes; the answer is kept in this extension's global state, which no other
 * extension can write.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { SophosApiError, invalidInput, secretUrlProblem, type CentralEndpoints } from '../core/api';
import type { Logger } from './log';
import { showWarningMessage } from './notifications';
import { configSection } from './settings';

const approvedKey = 'sophosCentral.approvedHosts.v1';

export function isSophosOrigin(url: string): boolean {
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' &&
    (parsed.hostname === 'sophos.com' || parsed.hostname.endsWith('.sophos.com')) &&
    (parsed.port === '' || parsed.port === '443')
  );
}

/**
 * The way a secret would travel to `url`: straight, or through what settings another extension could write
 * (a proxy, `http.proxyStrictSSL` off, extra CA certificates). A detour makes even a Sophos host need the
 * user's yes; the answer is remembered for that exact route.
 */
export function routeTo(url: string): { key: string; origin: string; detours: string[] } {
  const origin = new URL(url).origin;
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxySupport') !== 'off' ? (http.get<string>('proxy') ?? '').trim() : '';
  const extraCas = (vscode.workspace.getConfiguration(configSection).get<unknown[]>('caCertificates') ?? []).filter(
    (entry) => typeof entry === 'string' && entry.trim() !== '',
  );
  const detours: string[] = [];
  if (proxy) detours.push(vscode.l10n.t('through the proxy {0} (http.proxy)', withoutUserInfo(proxy)));
  if (proxy && http.get<boolean>('proxyStrictSSL') === false)
    detours.push(vscode.l10n.t('with certificate checks off (http.proxyStrictSSL)'));
  if (extraCas.length > 0)
    detours.push(
      vscode.l10n.t('trusting {0} extra CA certificate(s) ({1}.caCertificates)', extraCas.length, configSection),
    );
  if (detours.length === 0) return { key: origin, origin, detours };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([proxy, http.get<boolean>('proxyStrictSSL') !== false, extraCas]))
    .digest('hex')
    .slice(0, 16);
  return { key: `${origin} ${fingerprint}`, origin, detours };
}

function withoutUserInfo(proxy: string): string {
  try {
    const parsed = new URL(proxy);
    return parsed.origin;
  } catch {
    return proxy.replace(/^[^/]*\/\/[^@/]*@/, '');
  }
}

export function endpointGuard(
  context: vscode.ExtensionContext,
  logger: Logger,
): (endpoints: CentralEndpoints) => Promise<void> {
  const asking = new Map<string, Promise<boolean>>();
  const approved = () => context.globalState.get<string[]>(approvedKey) ?? [];
  return async (endpoints) => {
    for (const url of [endpoints.idUrl, endpoints.apiUrl]) {
      const problem = secretUrlProblem(url);
      if (problem) throw invalidInput(problem);
      const route = routeTo(url);
      if (route.detours.length === 0 && isSophosOrigin(url)) continue;
      if (approved().includes(route.key)) continue;
      let answer = asking.get(route.key);
      if (!answer) {
        answer = ask(context, route).finally(() => asking.delete(route.key));
        asking.set(route.key, answer);
      }
      const where = [route.origin, ...route.detours].join(' ');
      if (!(await answer)) {
        logger.warn(`Nothing was sent to ${where}: the user did not allow it.`);
        throw new SophosApiError(
          'invalidInput',
          route.detours.length === 0
            ? `Nothing was sent: ${route.origin} is not a Sophos host and you did not allow it. Point sophosCentral.idUrl and sophosCentral.apiUrl back at Sophos (https://id.sophos.com, https://api.central.sophos.com), or allow the host when asked.`
            : `Nothing was sent to ${where}: you did not allow that route. Check the settings named, or allow it when asked.`,
        );
      }
      logger.info(`The user allowed secrets to go to ${where}.`);
    }
  };
}

async function ask(
  context: vscode.ExtensionContext,
  route: { key: string; origin: string; detours: string[] },
): Promise<boolean> {
  // Modal dialogs cannot show in the extension's own test runs; Test mode is not something another extension can set.
  let allowed = context.extensionMode === vscode.ExtensionMode.Test;
  if (!allowed) {
    const allow = vscode.l10n.t('Allow {0}', route.origin);
    const message =
      route.detours.length === 0
        ? vscode.l10n.t('Send your Sophos Central Client Secret and bearer tokens to {0}?', route.origin)
        : vscode.l10n.t(
            'Send your Sophos Central Client Secret and bearer tokens to {0} {1}?',
            route.origin,
            route.detours.join(', '),
          );
    const detail =
      route.detours.length === 0
        ? vscode.l10n.t(
            'The settings sophosCentral.idUrl / sophosCentral.apiUrl point at {0}, which is not a Sophos host. Allow it only if it is yours: a test server such as the bundled sandbox, or a gateway you run. You are asked once per host.',
            route.origin,
          )
        : vscode.l10n.t(
            "Any extension can write these settings. Allow it only if you set them yourself (your company's proxy or TLS inspection); you are asked again when they change.",
          );
    allowed = (await showWarningMessage(message, { modal: true, detail }, allow)) === allow;
  }
  if (allowed)
    await context.globalState.update(approvedKey, [
      ...new Set([...(context.globalState.get<string[]>(approvedKey) ?? []), route.key]),
    ]);
  return allowed;
}
