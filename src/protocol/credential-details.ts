/**
 * Messages between the credential details webview and the extension host, in one file both sides import.
 * Plain data only: no secret ever crosses (the page gets redacted, display-ready facts).
 */

export interface DetailRow {
  label: string;
  value: string;
}

export interface LogEvent {
  time: string;
  feature: string;
  method: string;
  path: string;
  /** Undefined when no reply arrived (network failure, cancelled). */
  status?: number;
  outcome: 'success' | 'failure';
  errorKind?: string;
  latencyMs: number;
  supportId?: string;
}

export type HealthName = 'green' | 'yellow' | 'red' | 'awaitingUsage';

export interface CredentialView {
  id: string;
  name: string;
  description?: string;
  suspended: boolean;
  health: { name: HealthName; label: string; reason: string };
  details: DetailRow[];
  usage: { requestCount: number; lastRequest?: string };
  /** Newest first, at most 250. */
  events: LogEvent[];
  /** The actions that apply to this kind of credential, in the order shown. */
  actions: PageAction[];
}

export type HostMessage = { type: 'state'; view: CredentialView } | { type: 'deleted' };

export const pageActions = [
  'enterSecret',
  'test',
  'suspend',
  'unsuspend',
  'resetInactivity',
  'setInactivityLimit',
  'edit',
  'delete',
] as const;
export type PageAction = (typeof pageActions)[number];

export type PageMessage =
  | { type: 'ready' }
  | { type: 'action'; action: PageAction }
  | { type: 'copy'; text: string; what: 'supportId' | 'clientId' };
