import assert from 'node:assert/strict';
import {
  normalizeBaseUrl,
  normalizeClientId,
  normalizeClientSecret,
  parseExpiry,
  uuidProblem,
} from '../../../../src/core/api';

describe('input validation', () => {
  const uuidCases: [string, RegExp | undefined][] = [
    ['8f2c9a3e-1b4d-4c6e-9f0a-2b3c4d5e6f70', undefined],
    ['  8F2C9A3E-1B4D-4C6E-9F0A-2B3C4D5E6F70 \n', undefined],
    ['', /Enter the Client ID/],
    ['8f2c9a3e-1b4d-4c6e-9f0a-2b3c4d5e6f7', /31 digits in groups of 8-4-4-4-11/],
    ['8f2c9a3e-1b4d-4c6e-9f0a-2b3c4d5e6g70', /"g" is not one of them/],
    ['8f2c9a3e1b4d4c6e9f0a2b3c4d5e6f70', /groups of 32/],
  ];
  for (const [input, problem] of uuidCases) {
    it(`checks the Client ID ${JSON.stringify(input)}`, () => {
      const found = uuidProblem(input);
      if (problem) assert.match(found ?? '', problem);
      else assert.equal(found, undefined);
    });
  }

  it('lower-cases and trims a Client ID', () => {
    assert.equal(normalizeClientId(' 8F2C9A3E-1B4D-4C6E-9F0A-2B3C4D5E6F70\n'), '8f2c9a3e-1b4d-4c6e-9f0a-2b3c4d5e6f70');
  });

  it('trims a pasted secret but refuses one broken by inner whitespace', () => {
    assert.equal(normalizeClientSecret('  abcdef0123456789\r\n'), 'abcdef0123456789');
    assert.throws(() => normalizeClientSecret('abcdef 0123456789'), /spaces or line breaks/);
    assert.throws(() => normalizeClientSecret(' \n'), /Enter the Client Secret/);
  });

  const now = Date.parse('2026-11-24T12:00:00Z');
  it('accepts future dates and normalises them to UTC', () => {
    assert.equal(parseExpiry('2027-06-30', now), '2027-06-30T00:00:00.000Z');
    assert.equal(parseExpiry('2027-06-30T14:00:00+02:00', now), '2027-06-30T12:00:00.000Z');
  });
  it('refuses past and unparsable dates', () => {
    assert.throws(() => parseExpiry('2026-11-24T11:59:59Z', now), /in the past/);
    assert.throws(() => parseExpiry('30/06/2027', now), /not an ISO-8601 date/);
    assert.throws(() => parseExpiry('2027-13-45', now), /not an ISO-8601 date/);
  });

  it('normalises base URLs and refuses other schemes', () => {
    assert.equal(normalizeBaseUrl('https://api.central.sophos.com/', 'API URL'), 'https://api.central.sophos.com');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8741', 'API URL'), 'http://127.0.0.1:8741');
    assert.throws(() => normalizeBaseUrl('ftp://x', 'API URL'), /must start with https/);
    assert.throws(() => normalizeBaseUrl('api.central', 'API URL'), /not a URL/);
  });
});
