/** `whoami` and `tenants`: what the credential is and which tenants it reaches. */
import { invalidInput } from '../../core/api';
import type { CommandModule } from '../command';
import { formatTenants, formatWhoami, toJson } from '../output';

export const accountCommands: CommandModule = {
  options: {},
  plan(name, { args }) {
    if (args.length > 0) throw invalidInput(`"${name}" takes no argument "${args[0]}".`);
    if (name === 'whoami')
      return {
        run: async ({ client, json, environment }) => {
          const me = await (await client()).whoami();
          environment.stdout(json ? toJson(me) : formatWhoami(me));
        },
      };
    return {
      run: async ({ client, json, environment }) => {
        const tenants = await (await client()).tenants();
        environment.stdout(json ? toJson(tenants) : formatTenants(tenants));
      },
    };
  },
};
