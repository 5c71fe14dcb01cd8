/**
 * The scan's findings as text for people, JSON for scripts, and SARIF 2.1.0 for code-scanning upload. Each
 * names the file, line, column, kind and the value's fingerprint (SHA-256), never the value.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { allowFileName, allowLine, secretKindNames, type ScanReport, type SecretKind } from '../core/scan';
import { plainText, toJson } from './output';

const ruleDescriptions: Record<SecretKind, string> = {
  'sls-token':
    'An SLS repository token is in plain text. Anyone who reads it can download Sophos Linux Sensor packages as your tenant.',
  'client-secret':
    'A Sophos Central API Client Secret is in plain text next to its Client ID. Together they sign in as that credential.',
  'bearer-token': 'A Sophos Central bearer token (JWT) is in plain text. It acts as its credential until it expires.',
  'stored-secret': 'A secret kept in SecretStorage by the Sophos Central extension is in plain text.',
};

const fix = `Move the value to a secret store or an environment variable, rotate it if it was ever committed, or, if it is meant to be there, add "sophos-central: allow" in a comment on its line or its fingerprint and path to ${allowFileName}.`;

export function formatText(report: ScanReport): string {
  return report.findings
    .map(
      (finding) =>
        `${plainText(finding.path)}:${finding.line}:${finding.column}: ${secretKindNames[finding.kind]}${finding.key ? ` (${plainText(finding.key)})` : ''}\n` +
        `  to allow: ${plainText(allowLine(finding.fingerprint, finding.path))}\n`,
    )
    .join('');
}

export function summaryLine(report: ScanReport): string {
  const files = new Set(report.findings.map((finding) => finding.path)).size;
  const skipped = [
    report.skipped.binary && `${report.skipped.binary} binary`,
    report.skipped.tooLarge && `${report.skipped.tooLarge} over 1 MB`,
    report.skipped.unreadable && `${report.skipped.unreadable} unreadable`,
    report.skipped.notRegular && `${report.skipped.notRegular} links or submodules`,
  ].filter(Boolean);
  const found =
    report.findings.length === 0
      ? 'No secrets found'
      : `${report.findings.length} secret${report.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  return `${found} (${report.filesScanned} files scanned${report.allowed ? `, ${report.allowed} allowed` : ''}${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}).\n`;
}

export function formatJson(report: ScanReport): string {
  return toJson({
    root: report.root,
    findings: report.findings.map(({ path, line, column, endLine, endColumn, kind, key, fingerprint }) => ({
      path,
      line,
      column,
      endLine,
      endColumn,
      kind,
      description: secretKindNames[kind],
      ...(key ? { key } : {}),
      fingerprint,
      allowLine: allowLine(fingerprint, path),
    })),
    filesScanned: report.filesScanned,
    bytesScanned: report.bytesScanned,
    skipped: report.skipped,
    allowed: report.allowed,
  });
}

const ruleIds = Object.keys(ruleDescriptions) as SecretKind[];

export function formatSarif(report: ScanReport, version: string | undefined): string {
  const rules: ReportingDescriptor[] = ruleIds.map((kind) => ({
    id: `sophos-central/${kind}`,
    name: kind.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: `${secretKindNames[kind]} in plain text` },
    fullDescription: { text: ruleDescriptions[kind] },
    help: { text: fix },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'secret'] },
  }));
  const results: Result[] = report.findings.map((finding) => ({
    ruleId: `sophos-central/${finding.kind}`,
    ruleIndex: ruleIds.indexOf(finding.kind),
    level: 'error',
    message: {
      text: `${ruleDescriptions[finding.kind]}${finding.key ? ` Key: ${finding.key}.` : ''}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.path), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { 'secretSha256/v1': finding.fingerprint },
  }));
  const log: Log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sophos-central',
            semanticVersion: version,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return toJson(log);
}
