/** Plain-text tables for people; --json gives scripts the API's own shapes instead. */
import { regionName, type AccessToken, type Tenant, type WhoAmI } from '../core/api';

export function formatWhoami(me: WhoAmI): string {
  return table([
    ['id', me.id],
    ['id type', me.idType],
    ['data region', me.apiHosts.dataRegion ? `${regionName(me.apiHosts.dataRegion)} (${me.apiHosts.dataRegion})` : 'none (partner and organization credentials act through their tenants)'],
    ['global API', me.apiHosts.global],
  ]);
}

export function formatTenants(tenants: Tenant[]): string {
  if (tenants.length === 0) return 'No tenants.\n';
  return table([['ID', 'NAME', 'REGION', 'API HOST'], ...tenants.map((t) => [t.id, t.name ?? '', t.dataRegion ?? '', t.apiHost ?? ''])]);
}

export function formatAccessTokens(tokens: AccessToken[]): string {
  if (tokens.length === 0) return 'No access tokens.\n';
  return table([
    ['ID', 'LABEL', 'TYPE', 'CREATED', 'EXPIRES'],
    ...tokens.map((t) => [t.id, t.label, t.type, t.createdAt ?? '', t.expiresAt ?? 'never']),
  ]);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}
