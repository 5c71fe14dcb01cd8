import assert from 'node:assert/strict';
import { clientIdFor, keyBefore, scanFileKind, scanText, type SecretKind } from '../../../../src/core/scan';

// Shaped like the real thing: a 48-character SLS token, a 64-character Client Secret, a UUID Client ID, a JWT.
const token = 'SLS-Kx7Rq2Vb9Lm4Pw8Zt3Hs6Nd1Fg5Jc0Ya2Ue7Oi4Bq9Wr3Xt';
const secret = 'iC6zxfaA1MndXwgfpuUQRwiKQqmDVSHU9VrspPOkNs8vK5r7v4H7cjOmSSPLMNTS';
const clientId = '0a7f9c17-3d55-4ab4-810e-254a16986ae7';
const jwt =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwYTdmOWMxNyIsImV4cCI6MTc2NDUwMDAwMH0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA';

type Case = [name: string, path: string, text: string, expected: Array<[SecretKind, string]>];

function check(cases: Case[]): void {
  for (const [name, path, text, expected] of cases) {
    it(`${name} (${path})`, () => {
      const { findings } = scanText(text, { path });
      assert.deepEqual(
        findings.map((finding) => [finding.kind, text.slice(finding.start, finding.end)]),
        expected,
      );
    });
  }
}

describe('scan rules', () => {
  describe('SLS tokens', () => {
    check([
      ['an .env value', '.env', `SOPHOS_SLS_TOKEN=${token}\n`, [['sls-token', token]]],
      ['a quoted YAML value', 'group_vars/all.yml', `sls_token: "${token}"\n`, [['sls-token', token]]],
      ['a JSON string', 'config.json', `{"token": "${token}"}`, [['sls-token', token]]],
      ['a shell export', 'install.sh', `export SOPHOS_SLS_TOKEN='${token}'`, [['sls-token', token]]],
      ['an INI value', 'config.ini', `[sls]\ntoken = ${token}\n`, [['sls-token', token]]],
      ['a TOML string', 'sls.toml', `token = "${token}"\n`, [['sls-token', token]]],
      ['inside a URL', 'notes.txt', `https://repo.example/?t=${token}&x=1`, [['sls-token', token]]],
      ['a real token in a README still counts', 'README.md', `Use \`${token}\`.`, [['sls-token', token]]],
      ['20 characters, the least', '.env', 'T=SLS-abcdefghij0123456789', [['sls-token', 'SLS-abcdefghij0123456789']]],
      ['19 characters: too short', '.env', 'T=SLS-abcdefghij012345678', []],
      ['glued to a word: not a token', '.env', `T=XSLS-${token.slice(4)}`, []],
      ['a variable name: not a token', '.env', 'SOPHOS_SLS_TOKEN=${SOPHOS_SLS_TOKEN}', []],
      ['lower-case prefix: not a token', '.env', `T=sls-${token.slice(4)}`, []],
      ['an example in a README', 'README.md', 'SOPHOS_SLS_TOKEN=SLS-xxxxxxxxxxxxxxxxxxxxxxxxxxxx', []],
      ['a placeholder in a template', 'deploy/.env.example', 'T=SLS-your-sls-token-goes-here', []],
      ['one character repeated', 'docs/setup.md', `T=SLS-${'a'.repeat(48)}`, []],
      ['a lock file', 'package-lock.json', `{"integrity": "${token}"}`, []],
    ]);
  });

  describe('Client Secrets next to a UUID Client ID', () => {
    check([
      ['.env', '.env', `SOPHOS_CLIENT_ID=${clientId}\nSOPHOS_CLIENT_SECRET=${secret}\n`, [['client-secret', secret]]],
      [
        'shell',
        'ci/env.sh',
        `export SOPHOS_CLIENT_ID='${clientId}'\nexport SOPHOS_CLIENT_SECRET="${secret}"\n`,
        [['client-secret', secret]],
      ],
      [
        'PowerShell',
        'setup.ps1',
        `$env:SOPHOS_CLIENT_ID = "${clientId}"\n$env:SOPHOS_CLIENT_SECRET = "${secret}"\n`,
        [['client-secret', secret]],
      ],
      [
        'YAML, with a comment',
        'deploy/values.yaml',
        `sophos:\n  client_id: ${clientId}\n  client_secret: "${secret}"  # from Central\n`,
        [['client-secret', secret]],
      ],
      [
        'JSON on one line',
        'settings.json',
        `{"clientId": "${clientId}", "clientSecret": "${secret}"}`,
        [['client-secret', secret]],
      ],
      [
        "INI, as Sophos' SIEM script reads it",
        'config.ini',
        `[login]\nclient_id = ${clientId}\nclient_secret = ${secret}\ntenant_id =\n`,
        [['client-secret', secret]],
      ],
      [
        'TOML',
        'sophos.toml',
        `[sophos]\nclient_id = "${clientId}"\nclient_secret = "${secret}"\n`,
        [['client-secret', secret]],
      ],
      [
        'upper-case Client ID',
        '.env',
        `CLIENT_ID=${clientId.toUpperCase()}\nCLIENT_SECRET=${secret}`,
        [['client-secret', secret]],
      ],
      ['a UUID that is not a Client ID', 'config.ini', `tenant_id = ${clientId}\nclient_secret = ${secret}\n`, []],
      ['no Client ID at all', '.env', `SOPHOS_CLIENT_SECRET=${secret}\n`, []],
      ['a Client ID that is not a UUID', '.env', `CLIENT_ID=my-app\nCLIENT_SECRET=${secret}\n`, []],
      [
        'an example in a README',
        'README.md',
        `SOPHOS_CLIENT_ID=${clientId}\nSOPHOS_CLIENT_SECRET=your-client-secret\n`,
        [],
      ],
      ['x placeholders', 'README.md', `client_id = ${clientId}\nclient_secret = xxxxxxxxxxxxxxxxxxxxxxxx\n`, []],
      [
        'an angle-bracket placeholder',
        'docs/api.md',
        `"clientId": "${clientId}", "clientSecret": "<client-secret-1>"`,
        [],
      ],
      [
        'a shell reference',
        '.env',
        `SOPHOS_CLIENT_ID=${clientId}\nSOPHOS_CLIENT_SECRET=\${SOPHOS_CLIENT_SECRET}\n`,
        [],
      ],
      [
        'an Ansible lookup',
        'group_vars/all.yml',
        `client_id: ${clientId}\nclient_secret: "{{ lookup('env', 'SOPHOS_CLIENT_SECRET') }}"\n`,
        [],
      ],
      [
        'code reading the environment',
        'index.js',
        `clientId: '${clientId}',\nclientSecret: process.env.SECRET_1,\n`,
        [],
      ],
      [
        'a key that only starts like one',
        '.env',
        `CLIENT_ID=${clientId}\nCLIENT_SECRET_FILE=/run/secrets/s3cr3t-file-0001\n`,
        [],
      ],
      ['a lock file', 'poetry.lock', `client_id = "${clientId}"\nclient_secret = "${secret}"\n`, []],
    ]);
  });

  describe('bearer tokens', () => {
    check([
      [
        'curl',
        'scripts/call.sh',
        `curl -H "Authorization: Bearer ${jwt}" https://api.central.sophos.com/whoami/v1`,
        [['bearer-token', jwt]],
      ],
      [
        'an .http file',
        'requests.http',
        `GET https://api.central.sophos.com/whoami/v1\nAuthorization: Bearer ${jwt}\n`,
        [['bearer-token', jwt]],
      ],
      ['JSON headers', 'postman.json', `{"headers": {"Authorization": "Bearer ${jwt}"}}`, [['bearer-token', jwt]]],
      ['a *_TOKEN key', '.env', `SOPHOS_TOKEN=${jwt}\n`, [['bearer-token', jwt]]],
      ['an access_token key in YAML', 'ci.yml', `access_token: '${jwt}'\n`, [['bearer-token', jwt]]],
      ['a JWT under another key', 'fixtures.json', `{"jwt": "${jwt}"}`, []],
      ['a reference after Bearer', 'call.sh', 'curl -H "Authorization: Bearer ${SOPHOS_TOKEN}"', []],
      ['a shortened example', 'README.md', 'Authorization: Bearer eyJhbGciOi...', []],
    ]);
  });

  it('names the key a value was found under, the place, and a fingerprint, never the value', () => {
    const text = `# deploy\nSOPHOS_CLIENT_ID=${clientId}\n  SOPHOS_CLIENT_SECRET=${secret}\n`;
    const [finding] = scanText(text, { path: 'deploy/.env' }).findings;
    assert.equal(finding.key, 'SOPHOS_CLIENT_SECRET');
    assert.deepEqual(
      [finding.line, finding.column, finding.endLine, finding.endColumn],
      [3, 24, 3, 24 + secret.length],
    );
    assert.match(finding.fingerprint, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(finding).includes(secret));
  });

  it('tells file kinds from names', () => {
    const kinds: Array<[string, string]> = [
      ['deploy/.env', 'env'],
      ['.env.production', 'env'],
      ['config.ini', 'ini'],
      ['pyproject.toml', 'toml'],
      ['README', 'docs'],
      ['docs/Guide.MD', 'docs'],
      ['yarn.lock', 'lock'],
      ['go.sum', 'lock'],
      ['src/app.ts', 'other'],
    ];
    for (const [path, kind] of kinds) assert.equal(scanFileKind(path), kind, path);
  });
});

describe('what goes with a found Client Secret', () => {
  const otherId = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

  it('takes the Client ID of its own INI section, not the other one', () => {
    const text = `[a]\nclient_id = ${otherId}\nclient_secret = x\n\n[b]\nclient_id = ${clientId}\nclient_secret = ${secret}\n`;
    assert.equal(clientIdFor(text, text.indexOf(secret)), clientId);
    assert.equal(clientIdFor(text, text.indexOf('= x') + 2), otherId);
  });

  it('takes a UUID only, under a client_id-style key', () => {
    const text = `{"tenantId": "${otherId}", "clientId": "not-a-uuid", "clientSecret": "${secret}"}`;
    assert.equal(clientIdFor(text, text.indexOf(secret)), undefined);
  });

  const keys: Array<[name: string, line: string, key: string | undefined]> = [
    ['.env', `SOPHOS_CLIENT_SECRET=${secret}`, 'SOPHOS_CLIENT_SECRET'],
    ['shell export, quoted', `export SOPHOS_CLIENT_SECRET='${secret}'`, 'SOPHOS_CLIENT_SECRET'],
    ['PowerShell', `$env:SOPHOS_CLIENT_SECRET = "${secret}"`, '$env:SOPHOS_CLIENT_SECRET'],
    ['JSON', `  {"clientSecret": "${secret}"}`, 'clientSecret'],
    ['YAML', `  client_secret: ${secret}`, 'client_secret'],
    ['INI', `client_secret = ${secret}`, 'client_secret'],
    ['no key', `echo ${secret}`, undefined],
  ];
  for (const [name, line, key] of keys)
    it(`reads the key before the value: ${name}`, () => {
      const text = `# first line\n${line}\n`;
      assert.equal(keyBefore(text, text.indexOf(secret)), key);
    });
});
