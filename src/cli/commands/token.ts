/** `token [--tenant T] [--format raw|env|json]`: a current bearer for curl and other tools. */
import { invalidInput } from '../../core/api';
import { accessVariables, currentAccess } from '../access';
import { stringOption, type CommandModule } from '../command';
import { quoteEnvValue } from '../../core/config-files';
import { toJson } from '../output';

const formats = ['raw', 'env', 'json'] as const;

export const tokenCommand: CommandModule = {
  options: { tenant: { type: 'string' }, format: { type: 'string' } },
  plan(_name, { args, values }) {
    if (args.length > 0) throw invalidInput(`"token" takes no argument "${args[0]}".`);
    const format = (stringOption(values, 'format') ?? (values.json ? 'json' : 'raw')) as (typeof formats)[number];
    if (!formats.includes(format)) throw invalidInput(`--format must be one of ${formats.join(', ')}.`);
    return {
      run: async (context) => {
        const access = await currentAccess(context);
        const { stdout } = context.environment;
        if (format === 'raw') stdout(`${access.bearer}\n`);
        else if (format === 'env')
          stdout(
            Object.entries(accessVariables(access))
              .map(([name, value]) => `export ${name}=${quoteEnvValue(value)}\n`)
              .join(''),
          );
        else
          stdout(
            toJson({
              accessToken: access.bearer,
              tokenType: 'bearer',
              ...(access.expiresAt ? { expiresAt: new Date(access.expiresAt).toISOString() } : {}),
              idType: access.me.idType,
              id: access.me.id,
              ...(access.tenant ? { tenantId: access.tenant.id } : {}),
              apiHost: access.apiHost,
            }),
          );
      },
    };
  },
};
