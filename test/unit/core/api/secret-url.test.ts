import assert from 'node:assert/strict';
import {
  ClientCredentialsAuth,
  SophosApiError,
  SophosHttp,
  requireSecretSafeUrl,
  secretSafeServerUrl,
  secretUrlProblem,
  type HttpTransport,
} from '../../../../src/core/api';

describe('where a secret may be sent', () => {
  const allowed = [
    'https://id.sophos.com',
    'https://10.0.0.8:8443/base',
    'http://127.0.0.1:8740',
    'http://127.9.8.7',
    'http://127.1',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:8740',
    'http://[0:0:0:0:0:0:0:1]',
  ];
  for (const url of allowed) it(`allows ${url}`, () => assert.equal(secretUrlProblem(url), undefined));

  const refused: [string, RegExp][] = [
    [
      'http://id.sophos.com',
      /^http:\/\/id\.sophos\.com is plain http to another machine, so the Client Secret or bearer token sent to it would cross the network in clear text\./,
    ],
    ['http://10.0.0.8', /plain http/],
    ['http://128.0.0.1', /plain http/],
    ['http://localhost.evil.example', /plain http/],
    ['http://[::2]', /plain http/],
    ['http://0.0.0.0:8740', /plain http/],
    ['ftp://id.sophos.com', /does not start with https:\/\//],
    ['not a url', /is not a URL/],
  ];
  for (const [url, says] of refused) it(`refuses ${url}`, () => assert.match(secretUrlProblem(url) ?? '', says));

  it('requireSecretSafeUrl throws invalidInput naming what and why, or returns the URL', () => {
    assert.equal(requireSecretSafeUrl('https://id.sophos.com', 'Sophos ID URL'), 'https://id.sophos.com');
    assert.throws(
      () => requireSecretSafeUrl('http://id.example.com/x', 'Sophos ID URL (sophosCentral.idUrl)'),
      (error: unknown) =>
        error instanceof SophosApiError &&
        error.kind === 'invalidInput' &&
        /^The Sophos ID URL \(sophosCentral\.idUrl\) is refused: http:\/\/id\.example\.com is plain http/.test(
          error.message,
        ),
    );
  });

  const serverHosts: [string, string | undefined][] = [
    ['https://api-eu01.central.sophos.com', 'https://api-eu01.central.sophos.com'],
    ['http://api-eu01.central.sophos.com/', 'https://api-eu01.central.sophos.com'],
    ['http://evil.example:8080/path', 'https://evil.example:8080/path'],
    ['http://127.0.0.1:8742', 'http://127.0.0.1:8742'],
    ['javascript:alert(1)', undefined],
    ['api-eu01', undefined],
  ];
  for (const [given, kept] of serverHosts)
    it(`keeps a server-given host ${given} as ${kept}`, () => assert.equal(secretSafeServerUrl(given), kept));

  it('the sign-in refuses a plain-http Sophos ID URL before reading the secret or sending anything', async () => {
    let secretRead = false;
    let sent = 0;
    const transport: HttpTransport = {
      connectionsOpened: 0,
      send: () => Promise.reject(new Error(`request ${++sent}`)),
      close: async () => undefined,
    };
    const auth = new ClientCredentialsAuth(
      new SophosHttp(transport),
      'http://id.example.com',
      '4f1c2b0e-0000-4000-8000-000000000001',
      async () => {
        secretRead = true;
        return 'secret';
      },
    );
    await assert.rejects(
      auth.bearer(),
      (error: unknown) =>
        error instanceof SophosApiError && error.kind === 'invalidInput' && /plain http/.test(error.message),
    );
    assert.equal(secretRead, false);
    assert.equal(sent, 0);
  });
});
