/** The SLS guide's three curl commands (token, whoami, create), the baseline every CLI figure is compared with. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../src/sandbox/server';

export const curlPath = (process.env.PATH ?? '')
  .split(':')
  .map((dir) => join(dir, 'curl'))
  .find((candidate) => existsSync(candidate));

/** What the SLS guide tells admins to run: three curl commands, the JSON of each read before the next. */
export async function threeCurls(sandbox: Sandbox): Promise<void> {
  const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
  const tls = sandbox.caFile ? ['--cacert', sandbox.caFile] : [];
  const curl = async (args: string[]) =>
    JSON.parse(
      await new Promise<string>((done, fail) =>
        execFile(curlPath!, ['-sS', '--fail', ...tls, ...args], (error, stdout) =>
          error ? fail(error) : done(stdout),
        ),
      ),
    ) as Record<string, unknown>;
  const token = await curl([
    '-X',
    'POST',
    `${sandbox.idUrl}/api/v2/oauth2/token`,
    '-H',
    'Content-Type: application/x-www-form-urlencoded',
    '-d',
    `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}&scope=token`,
  ]);
  const bearer = `Authorization: Bearer ${String(token.access_token)}`;
  const whoami = await curl([`${sandbox.apiUrl}/whoami/v1`, '-H', bearer]);
  const created = await curl([
    '-X',
    'POST',
    `${sandbox.apiUrl}/accounts/v1/access-tokens`,
    '-H',
    bearer,
    '-H',
    `X-Tenant-ID: ${String(whoami.id)}`,
    '-H',
    'Content-Type: application/json',
    '-d',
    JSON.stringify({ label: 'Bench', type: 'sophosLinuxSensor' }),
  ]);
  if (typeof created.token !== 'string') throw new Error('curl: no token in the reply');
}
