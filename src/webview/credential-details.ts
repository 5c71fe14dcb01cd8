/**
 * The credential details page (browser side). It renders only what the host sends, always as text
 * (textContent, never innerHTML), and talks back through the protocol's messages.
 */
import type { CredentialView, HostMessage, LogEvent, PageAction, PageMessage } from '../protocol/credential-details';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

interface Filters {
  status: 'all' | 'success' | 'failure';
  feature: string;
  range: 'hour' | 'day' | 'week' | 'month' | 'all';
}

const ranges: Record<Filters['range'], { label: string; ms: number }> = {
  hour: { label: 'Last hour', ms: 3_600_000 },
  day: { label: 'Last 24 hours', ms: 86_400_000 },
  week: { label: 'Last 7 days', ms: 7 * 86_400_000 },
  month: { label: 'Last 30 days', ms: 30 * 86_400_000 },
  all: { label: 'All time', ms: Number.POSITIVE_INFINITY },
};

let filters: Filters = {
  status: 'all',
  feature: 'all',
  range: 'all',
  ...((vscode.getState() as { filters?: Filters } | undefined)?.filters ?? {}),
};
let current: CredentialView | undefined;
const app = document.getElementById('app')!;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'state') {
    current = message.view;
    render();
  } else if (message.type === 'deleted') {
    app.replaceChildren(el('p', { className: 'empty' }, 'This credential was deleted.'));
  }
});
vscode.postMessage({ type: 'ready' });

function render(): void {
  const view = current;
  if (!view) return;
  const focusedId = document.activeElement?.id;
  app.replaceChildren(header(view), actions(view), detailsSection(view), usageSection(view), logSection(view));
  if (focusedId) document.getElementById(focusedId)?.focus();
}

function header(view: CredentialView): HTMLElement {
  const badge = el('span', { className: `health health-${view.health.name}`, id: 'health' }, view.health.label);
  badge.setAttribute('role', 'status');
  badge.title = view.health.reason;
  return el(
    'header',
    {},
    el('h1', {}, view.name),
    el('div', { className: 'health-line' }, badge, el('span', { className: 'reason' }, view.health.reason)),
    ...(view.description ? [el('p', { className: 'description' }, view.description)] : []),
  );
}

function actions(view: CredentialView): HTMLElement {
  const button = (action: PageAction, label: string, secondary = true) => {
    const b = el(
      'button',
      { id: `action-${action}`, className: secondary ? 'secondary' : '' },
      label,
    ) as HTMLButtonElement;
    b.type = 'button';
    b.addEventListener('click', () => vscode.postMessage({ type: 'action', action }));
    return b;
  };
  const labels: Record<PageAction, string> = {
    enterSecret: 'Enter Secret',
    test: 'Test',
    suspend: 'Suspend',
    unsuspend: 'Unsuspend',
    resetInactivity: 'Reset inactivity',
    setInactivityLimit: 'Inactivity limit…',
    edit: 'Edit',
    delete: 'Delete',
  };
  const list = view.actions.map((action, index) => button(action, labels[action], index !== 0));
  return el('nav', { className: 'actions', ariaLabel: 'Actions' }, ...list);
}

function detailsSection(view: CredentialView): HTMLElement {
  const list = el('dl', { className: 'details' });
  for (const row of view.details) list.append(el('dt', {}, row.label), el('dd', {}, row.value));
  return el('section', { ariaLabel: 'Details' }, el('h2', {}, 'Details'), list);
}

function usageSection(view: CredentialView): HTMLElement {
  const list = el('dl', { className: 'details' });
  list.append(el('dt', {}, 'Requests'), el('dd', { id: 'request-count' }, String(view.usage.requestCount)));
  list.append(el('dt', {}, 'Last request'), el('dd', {}, view.usage.lastRequest ?? 'none yet'));
  return el('section', { ariaLabel: 'Usage' }, el('h2', {}, 'Usage'), list);
}

function logSection(view: CredentialView): HTMLElement {
  const features = [...new Set(view.events.map((event) => event.feature))].sort();
  const statusSelect = select(
    'filter-status',
    'Status',
    [
      ['all', 'All statuses'],
      ['success', 'Succeeded'],
      ['failure', 'Failed'],
    ],
    filters.status,
    (value) => update({ status: value as Filters['status'] }),
  );
  const featureSelect = select(
    'filter-feature',
    'Feature',
    [['all', 'All features'], ...features.map((f): [string, string] => [f, f])],
    filters.feature,
    (value) => update({ feature: value }),
  );
  const rangeSelect = select(
    'filter-range',
    'Time',
    (Object.keys(ranges) as Filters['range'][]).map((key): [string, string] => [key, ranges[key].label]),
    filters.range,
    (value) => update({ range: value as Filters['range'] }),
  );

  const shown = view.events.filter(matches);
  const table = el('table', { className: 'log', id: 'log-table' });
  const head = el(
    'tr',
    {},
    ...['Time (UTC)', 'Feature', 'Request', 'Status', 'Latency', 'Request id'].map((title) =>
      el('th', { scope: 'col' }, title),
    ),
  );
  const body = el('tbody', {});
  for (const event of shown) body.append(row(event));
  table.append(el('thead', {}, head), body);
  const caption = el(
    'p',
    { className: 'count', id: 'log-count' },
    `${shown.length} of ${view.events.length} events (the 250 most recent are kept)`,
  );
  return el(
    'section',
    { ariaLabel: 'Request log' },
    el('h2', {}, 'Request log'),
    el('div', { className: 'filters' }, statusSelect, featureSelect, rangeSelect),
    caption,
    shown.length
      ? table
      : el(
          'p',
          { className: 'empty' },
          view.events.length ? 'No event matches these filters.' : 'No request made yet.',
        ),
  );
}

function row(event: LogEvent): HTMLElement {
  const status = el(
    'td',
    { className: event.outcome === 'failure' ? 'failure' : 'success' },
    event.status !== undefined ? String(event.status) : (event.errorKind ?? '—'),
  );
  if (event.errorKind) status.title = event.errorKind;
  const idCell = el('td', {});
  if (event.supportId) {
    const copy = el('button', { className: 'link' }, event.supportId) as HTMLButtonElement;
    copy.type = 'button';
    copy.title = 'Copy the request id (Sophos support asks for it)';
    copy.addEventListener('click', () =>
      vscode.postMessage({ type: 'copy', text: event.supportId!, what: 'supportId' }),
    );
    idCell.append(copy);
  }
  return el(
    'tr',
    {},
    el('td', {}, event.time.replace('T', ' ').slice(0, 19)),
    el('td', {}, event.feature),
    el('td', { className: 'mono' }, `${event.method} ${event.path}`),
    status,
    el('td', { className: 'number' }, `${event.latencyMs} ms`),
    idCell,
  );
}

function matches(event: LogEvent): boolean {
  if (filters.status !== 'all' && event.outcome !== filters.status) return false;
  if (filters.feature !== 'all' && event.feature !== filters.feature) return false;
  const range = ranges[filters.range].ms;
  return !Number.isFinite(range) || Date.now() - Date.parse(event.time) <= range;
}

function update(change: Partial<Filters>): void {
  filters = { ...filters, ...change };
  vscode.setState({ filters });
  render();
}

function select(
  id: string,
  label: string,
  options: [string, string][],
  value: string,
  onChange: (value: string) => void,
): HTMLElement {
  const element = el('select', { id }) as HTMLSelectElement;
  for (const [optionValue, text] of options) {
    const option = el('option', {}, text) as HTMLOptionElement;
    option.value = optionValue;
    option.selected = optionValue === value;
    element.append(option);
  }
  element.addEventListener('change', () => onChange(element.value));
  const wrapper = el('label', { htmlFor: id }, `${label} `);
  return el('span', { className: 'filter' }, wrapper, element);
}

type Props = { id?: string; className?: string; ariaLabel?: string; htmlFor?: string; scope?: string };

/** Creates an element whose text children are set as text nodes: nothing is ever parsed as HTML. */
function el(tag: string, props: Props, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  if (props.id) element.id = props.id;
  if (props.className) element.className = props.className;
  if (props.ariaLabel) element.setAttribute('aria-label', props.ariaLabel);
  if (props.htmlFor) element.setAttribute('for', props.htmlFor);
  if (props.scope) element.setAttribute('scope', props.scope);
  for (const child of children) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}
