/** The host's check of what the page sends: anything off-protocol is dropped and logged, never acted on. */
import * as z from 'zod/mini';
import { pageActions, type PageMessage } from '../../protocol/credential-details';

const pageMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('action'), action: z.enum(pageActions) }),
  z.strictObject({
    type: z.literal('copy'),
    text: z.string().check(z.minLength(1), z.maxLength(200)),
    what: z.enum(['supportId', 'clientId']),
  }),
]);

export function parsePageMessage(raw: unknown): PageMessage | undefined {
  const parsed = pageMessageSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
