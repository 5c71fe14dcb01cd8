/**
 * The sandbox's built-in credentials. The values are fixed so docs, scripts and screenshots stay valid from
 * run to run; they work against the sandbox only and are safe to publish.
 */
import type { ClientSpec, DemoClients, SandboxTenant } from './types';

/** Every sandbox tenant's server licence ends here; access-token expiries beyond it are cut back to it. */
export const sandboxLicenceEndsAt = '2029-12-31T00:00:00.000Z';

/** The tenant the four tenant credentials belong to (a Super Admin and a Read-Only credential share it). */
export const acmeTenant: SandboxTenant = {
  id: 'a3347f4c-fcc6-486a-889e-dbf2bdd1faee',
  name: 'Acme Corp',
  dataGeography: 'US',
  dataRegion: 'us03',
  billingType: 'term',
};

/** Seven tenants: three pages at the sandbox's default page size of 3. Every apiHost is the region listener. */
const partnerTenants: SandboxTenant[] = [
  {
    id: '4918b404-4202-400b-92ba-470066577c0d',
    name: 'Northwind Traders',
    dataGeography: 'US',
    dataRegion: 'us03',
    billingType: 'term',
  },
  {
    id: '09a03f4d-ef2b-4698-9f41-178e12e61f47',
    name: 'Contoso Pharma',
    dataGeography: 'DE',
    dataRegion: 'eu02',
    billingType: 'usage',
  },
  {
    id: '44184c8d-9099-48fd-b5d6-07a50a499731',
    name: 'Fabrikam Foods',
    dataGeography: 'IE',
    dataRegion: 'eu01',
    billingType: 'term',
  },
  {
    id: '88785c82-e68f-4542-9144-fc2cc8c1c6fc',
    name: 'Tailspin Toys',
    dataGeography: 'CA',
    dataRegion: 'ca01',
    billingType: 'trial',
  },
  {
    id: 'a7e7f7e0-81b7-4ed0-8d80-cf4cffa97eb2',
    name: 'Wingtip Legal',
    dataGeography: 'AU',
    dataRegion: 'au01',
    billingType: 'term',
  },
  {
    id: '1edac390-7075-4d47-baaa-fd9a4b86fc45',
    name: 'Litware Labs',
    dataGeography: 'US',
    dataRegion: 'us01',
    billingType: 'usage',
  },
  {
    id: '256b2474-c3a6-468e-91b2-b0b67856ad71',
    name: 'Adatum Clinics',
    dataGeography: 'JP',
    dataRegion: 'jp01',
    billingType: 'term',
  },
];

/** Four tenants: two pages at page size 3. */
const organizationTenants: SandboxTenant[] = [
  {
    id: '40a76f81-3375-4a23-82f8-1e03cc1689f3',
    name: 'Globex Paris',
    dataGeography: 'DE',
    dataRegion: 'eu02',
    billingType: 'term',
  },
  {
    id: '046b5af3-a34a-45f1-a49b-016ac84008c6',
    name: 'Globex Austin',
    dataGeography: 'US',
    dataRegion: 'us03',
    billingType: 'term',
  },
  {
    id: '3a7df057-8b5f-43c0-8378-b21c74955857',
    name: 'Globex Osaka',
    dataGeography: 'JP',
    dataRegion: 'jp01',
    billingType: 'term',
  },
  {
    id: '47ca2fd7-7179-41cd-9b56-3bfd93cfb6b3',
    name: 'Globex São Paulo',
    dataGeography: 'BR',
    dataRegion: 'br01',
    billingType: 'usage',
  },
];

const tenantCredential = { idType: 'tenant', id: acmeTenant.id, tenantName: acmeTenant.name } as const;

export const demoClients: DemoClients = {
  tenantSuperAdmin: {
    ...tenantCredential,
    name: 'Acme tenant, Super Admin',
    purpose: 'everything: whoami, role probes, mint, list and revoke SLS tokens',
    clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7',
    clientSecret: 'iC6zxfaA1MndXwgfpuUQRwiKQqmDVSHU9VrspPOkNs8vK5r7v4H7cjOmSSPLMNTS',
    role: 'Super Admin',
  },
  tenantReadOnly: {
    ...tenantCredential,
    name: 'Acme tenant, Read-Only',
    purpose: 'signs in and lists SLS tokens; creating or revoking one gets 403',
    clientId: 'ad5a91ae-71e4-4823-b4a3-5cadda2394eb',
    clientSecret: 'GA8QdGCvzfqFqfD4vSNT9ZeVtCnmtIuxHufGBd4xaTwRE2grSzEzBCIimTsfcL5G',
    role: 'Read-Only',
  },
  partner: {
    name: 'Sandbox partner',
    purpose: 'lists 7 tenants (3 pages of 3) and acts on one with X-Tenant-ID',
    clientId: 'bf905521-c2f4-40b4-8e6a-0255f5e10687',
    clientSecret: 'j2Z5WfHHkOulNxZ8G211B0n3r2csMAA3uiGlraJshIrWc95SwMvoy9g324LphbII',
    role: 'Super Admin',
    idType: 'partner',
    id: 'b5dac421-5529-4097-baf5-69fcc6f8367d',
    tenants: partnerTenants,
  },
  organization: {
    name: 'Globex organization',
    purpose: 'lists 4 tenants (2 pages of 3); whoami has dataRegion null',
    clientId: '5c4c5995-b10e-4d0c-a6f7-c33e78dc1bbf',
    clientSecret: 'CntKSLzDw8z2BsmnmFIyHaPNSBtH4vreYZTW9ItpwU690XSUp2Fbyf0d4HSBLLhv',
    role: 'Super Admin',
    idType: 'organization',
    id: '7d2dcadd-6789-4df2-b658-c7324b27bbe4',
    tenants: organizationTenants,
  },
  expired: {
    ...tenantCredential,
    name: 'Acme tenant, expired credential',
    purpose: 'its 36 months have passed: Sophos ID answers oauth.client_app_does_not_exist',
    clientId: '4bc89581-bcba-4426-a143-822316cbd1e7',
    clientSecret: 'mzDShJHHfAyChLvMGXaQPEjnR1JFOAEMU1lOx1QtOiHeQHRobWjpin2f2hXrffvg',
    role: 'Super Admin',
  },
  disabled: {
    ...tenantCredential,
    name: 'Acme tenant, disabled credential',
    purpose: 'disabled in Central: Sophos ID answers oauth.client_disabled',
    clientId: '89245aed-e9b3-497a-b885-c3b8651ee93e',
    clientSecret: 'Di1VHZxOXMMkVSIF5UmiiDH7Pe0W4HaOXKHTcAuUsVe9XRKQqfuYckwhGZGI9yOk',
    role: 'Super Admin',
  },
};

/** The demo credentials with the state the sandbox starts them in. */
export function demoClientSpecs(): ClientSpec[] {
  return [
    demoClients.tenantSuperAdmin,
    demoClients.tenantReadOnly,
    demoClients.partner,
    demoClients.organization,
    { ...demoClients.expired, expired: true },
    { ...demoClients.disabled, disabled: true },
  ];
}
