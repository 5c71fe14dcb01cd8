import { isMap, isScalar, parseDocument } from 'yaml';

/** Where a scalar goes: flow collections (`{…}`) make `,[]{}` special, and keys read differently from values. */
export type YamlScalarContext = 'blockKey' | 'blockValue' | 'flowKey' | 'flowValue';

const probes: Readonly<Record<YamlScalarContext, (scalar: string) => string>> = {
  blockKey: (scalar) => `${scalar}: x`,
  blockValue: (scalar) => `k: ${scalar}`,
  flowKey: (scalar) => `{${scalar}: x}`,
  flowValue: (scalar) => `{k: ${scalar}}`,
};

/**
 * A string as a one-line YAML scalar: plain when both YAML 1.2 and YAML 1.1 (PyYAML, so Ansible and
 * cloud-init) read it back as that same string, else double-quoted. That quotes `yes`, `on`, `123`, `0o17`,
 * `~`, `''`, values with ` #` or `: ` and anything with leading or trailing spaces. JSON string syntax is valid
 * YAML double-quoted syntax, and never folds over lines.
 */
export function yamlScalarText(value: string, context: YamlScalarContext): string {
  return readsBackAsPlain(value, context) ? value : JSON.stringify(value);
}

/** True when `value` written plain in this context is the string `value` under YAML 1.1 and 1.2. */
export function readsBackAsPlain(value: string, context: YamlScalarContext): boolean {
  if (value === '' || /[\r\n]/.test(value)) return false;
  return (['1.1', '1.2'] as const).every((version) => {
    const document = parseDocument(probes[context](value), { version });
    if (document.errors.length > 0 || document.warnings.length > 0) return false;
    const pair =
      isMap(document.contents) && document.contents.items.length === 1 ? document.contents.items[0] : undefined;
    const node = context.endsWith('Key') ? pair?.key : pair?.value;
    return isScalar(node) && node.type === 'PLAIN' && node.value === value;
  });
}
