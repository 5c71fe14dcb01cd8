/** The bundled CLI in its own process, with a home folder of its own and the session's real Secret Service. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Sandbox } from '../../src/sandbox/server';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function newHome(): string {
  return mkdtempSync(join(tmpdir(), 'sophos-cli-home-'));
}

/** Runs dist/cli.js (or `program`) with only PATH, the D-Bus session, the sandbox's URLs, the given home and `env`. */
export function cli(
  home: string,
  sandbox: Sandbox,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string; program?: string } = {},
): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [resolve(options.program ?? 'dist/cli.js'), ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
          SOPHOS_ID_URL: sandbox.idUrl,
          SOPHOS_API_URL: sandbox.apiUrl,
          ...options.env,
        },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** What the sandbox was asked, as "METHOD /path" without queries. */
export function requestsOf(sandbox: Sandbox): string[] {
  return sandbox.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);
}
