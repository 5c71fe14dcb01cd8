import { runCli } from './cli';

declare const PACKAGE_VERSION: string | undefined;

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A question on the terminal (stderr, so stdout stays the command's output); a secret is read with echo off. */
function prompt(question: string, { secret }: { secret: boolean }): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      if (secret) stdin.setRawMode(false);
      stdin.pause();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          if (secret) process.stderr.write('\n');
          return resolve(value);
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          process.stderr.write('\n');
          return reject(new Error('cancelled at the prompt'));
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.setEncoding('utf8');
    if (secret) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** Exits once stdout and stderr have taken everything: no kept-alive socket or timer holds the process open. */
function exitAfterOutput(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readAllStdin,
  version: typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : undefined,
  stdoutIsTerminal: process.stdout.isTTY === true,
  prompt: process.stdin.isTTY ? prompt : undefined,
}).then(exitAfterOutput);
