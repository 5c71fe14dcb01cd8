import { runCli } from './cli';

declare const PACKAGE_VERSION: string | undefined;

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
  version: typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : undefined,
}).then((code) => {
  process.exitCode = code;
});
