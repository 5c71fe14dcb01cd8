/**
 * `npm run sandbox` (dist/sandbox.js): the sandbox as a process, for trying the extension and the CLI by
 * hand and for tests in another process. Prints its URLs, the demo credentials, shell exports, and one
 * `SANDBOX_READY {json}` line for scripts. Ctrl-C or SIGTERM closes it.
 */
import { parseArgs } from 'node:util';
import { startSandbox, type Sandbox } from './server';

const usage = `Usage: node dist/sandbox.js [--port N] [--latency MS] [--host ADDRESS] [--tls]

  --port N        Sophos ID on N, the global API on N+1, the data region on N+2
                  (default 0: three ephemeral ports; e.g. --port 8740 for stable URLs)
  --latency MS    added before every reply (default 0)
  --host ADDRESS  address to listen on (default 127.0.0.1)
  --tls           serve HTTPS with a certificate for 127.0.0.1/localhost issued by a CA made at start;
                  the CA is written to a temporary file whose path is printed (trust it with --ca-file,
                  NODE_EXTRA_CA_CERTS or the sophosCentral.caCertificates setting)
`;

interface Flags {
  port: number;
  latencyMs: number;
  host: string;
  tls: boolean;
}

function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      tls: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65533)
    throw new Error(`--port must be 0, or a port from 1 to 65533 (N+2 must be a port too), not "${values.port}".`);
  const latencyMs = Number(values.latency);
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new Error(`--latency must be a number of milliseconds, not "${values.latency}".`);
  return { port, latencyMs, host: values.host, tls: values.tls === true };
}

function banner(sandbox: Sandbox, flags: Flags): string {
  const { tenantSuperAdmin } = sandbox.clients;
  const exports = {
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
    SOPHOS_CLIENT_ID: tenantSuperAdmin.clientId,
    SOPHOS_CLIENT_SECRET: tenantSuperAdmin.clientSecret,
    ...(sandbox.caFile ? { NODE_EXTRA_CA_CERTS: sandbox.caFile } : {}),
  };
  const credentials = Object.entries(sandbox.clients).map(
    ([key, client]) =>
      `  ${key}: ${client.name}\n` +
      `    client id  ${client.clientId}\n` +
      `    secret     ${client.clientSecret}\n` +
      `    role       ${client.role} (${client.idType} ${client.id})\n` +
      `    for        ${client.purpose}`,
  );
  return [
    'Sophos Central sandbox: a local stand-in; nothing here reaches Sophos.',
    '',
    `  Sophos ID     ${sandbox.idUrl}`,
    `  global API    ${sandbox.apiUrl}`,
    `  data region   ${sandbox.regionUrl}`,
    `  latency       ${flags.latencyMs} ms`,
    ...(sandbox.caFile
      ? [
          `  TLS CA        ${sandbox.caFile}`,
          '                (test-only CA made at start; trust it with --ca-file, NODE_EXTRA_CA_CERTS or the',
          '                 sophosCentral.caCertificates setting; it is deleted when the sandbox stops)',
        ]
      : []),
    '',
    'Demo credentials (fixed values that work only here):',
    ...credentials,
    '',
    'The tenant Super Admin, ready to paste into a shell:',
    `  export ${Object.entries(exports)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}`,
    '',
    `Faults by hand: curl${sandbox.caFile ? ` --cacert ${sandbox.caFile}` : ''} -X POST ${sandbox.idUrl}/__sandbox/faults -H 'content-type: application/json' \\`,
    `  -d '{"match":{"path":"/whoami"},"times":1,"fault":{"type":"status","status":503}}'`,
    `Request log: ${sandbox.idUrl}/__sandbox/requests   Reset: POST ${sandbox.idUrl}/__sandbox/reset`,
    'Ctrl-C stops it.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (flags === 'help') {
    process.stdout.write(usage);
    return;
  }
  const ports = flags.port === 0 ? {} : { id: flags.port, global: flags.port + 1, region: flags.port + 2 };
  const sandbox = await startSandbox({ host: flags.host, ports, latencyMs: flags.latencyMs, tls: flags.tls });
  process.stdout.write(banner(sandbox, flags));
  process.stdout.write(
    `SANDBOX_READY ${JSON.stringify({ idUrl: sandbox.idUrl, apiUrl: sandbox.apiUrl, regionUrl: sandbox.regionUrl, ...(sandbox.caFile ? { caFile: sandbox.caFile } : {}) })}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means "now": do not wait for the clean close.
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    process.stderr.write(`\n${signal}: closing the sandbox\n`);
    void sandbox.close().then(() => process.removeListener('SIGINT', stop).removeListener('SIGTERM', stop));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
