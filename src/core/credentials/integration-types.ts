/**
 * Third-party credentials used by Sophos integrations, as Sophos' Integration Credential Manager keeps them.
 * The types are data: adding one is an entry here (its fields, which are secret, which integrations can use
 * it), nothing else.
 */

export interface IntegrationField {
  id: string;
  label: string;
  /** Secret fields go to SecretStorage and are never shown; others are kept as metadata. */
  secret: boolean;
  kind?: 'url' | 'text';
  placeholder?: string;
}

export interface IntegrationType {
  id: string;
  /** As Sophos names the credential type, e.g. "Okta API Token". */
  label: string;
  vendor: string;
  product: string;
  fields: IntegrationField[];
  /** Integration features that can use a credential of this type. */
  integrations: string[];
  /** Whether the vendor's credential carries an expiration date the user can enter. */
  expires: boolean;
  docs: string;
}

export const integrationTypes: readonly IntegrationType[] = [
  {
    id: 'oktaApiToken',
    label: 'Okta API Token',
    vendor: 'Okta',
    product: 'Okta Workforce Identity',
    fields: [
      { id: 'url', label: 'URL', secret: false, kind: 'url', placeholder: 'https://example.okta.com' },
      { id: 'apiToken', label: 'API Token', secret: true },
    ],
    integrations: ['Data Ingestion', 'Response Action'],
    expires: true,
    docs: 'https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/GlobalSettings/IntegrationCredentialManager/index.html',
  },
  {
    id: 'microsoftEntraApp',
    label: 'Microsoft Entra ID App Registration',
    vendor: 'Microsoft',
    product: 'Microsoft Entra ID',
    fields: [
      { id: 'tenantId', label: 'Directory (tenant) ID', secret: false, placeholder: 'a UUID' },
      { id: 'clientId', label: 'Application (client) ID', secret: false, placeholder: 'a UUID' },
      { id: 'clientSecret', label: 'Client Secret', secret: true },
    ],
    integrations: ['Data Ingestion', 'Response Action'],
    expires: true,
    docs: 'https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/GlobalSettings/IntegrationCredentialManager/index.html',
  },
  {
    id: 'awsAccessKey',
    label: 'AWS Access Key',
    vendor: 'Amazon Web Services',
    product: 'AWS',
    fields: [
      { id: 'accessKeyId', label: 'Access Key ID', secret: false },
      { id: 'secretAccessKey', label: 'Secret Access Key', secret: true },
      { id: 'region', label: 'Region', secret: false, placeholder: 'e.g. eu-west-1' },
    ],
    integrations: ['Data Ingestion'],
    expires: false,
    docs: 'https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/GlobalSettings/IntegrationCredentialManager/index.html',
  },
];

export function integrationType(id: string): IntegrationType | undefined {
  return integrationTypes.find((type) => type.id === id);
}

export type IntegrationPermission = 'read' | 'write';

/** What a field value must look like before it is saved; undefined when fine. */
export function fieldProblem(field: IntegrationField, value: string): string | undefined {
  if (value.trim() === '') return `Enter the ${field.label}.`;
  if (field.kind === 'url') {
    try {
      const url = new URL(value.trim());
      if (url.protocol !== 'https:') return `The ${field.label} must start with https://.`;
    } catch {
      return `The ${field.label} is not a URL, e.g. https://example.okta.com.`;
    }
  }
  if (field.secret && /\s/.test(value.trim()))
    return `The ${field.label} contains spaces or line breaks: paste it again as one piece.`;
  return undefined;
}
