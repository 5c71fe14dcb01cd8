import assert from 'node:assert/strict';
import {
  ConfigEditError,
  setConfigValue,
  type ConfigEditErrorKind,
  type ConfigFormat,
  type KeyPath,
  type SetValueAction,
} from '../../../../src/core/config-files';

export interface EditCase {
  name: string;
  before: string;
  key: KeyPath;
  value: string;
  after: string;
  action: SetValueAction;
}

export function expectEdit(format: ConfigFormat, { before, key, value, after, action }: EditCase): void {
  const result = setConfigValue(before, format, key, value);
  assert.equal(result.text, after);
  assert.equal(result.action, action);
}

/** Writing the same value into the result again changes nothing. */
export function expectIdempotent(format: ConfigFormat, { name, after, key, value }: EditCase): void {
  const again = setConfigValue(after, format, key, value);
  assert.equal(again.action, 'unchanged', name);
  assert.equal(again.text, after, name);
}

export function expectRefusal(
  format: ConfigFormat,
  text: string,
  key: KeyPath,
  value: string,
  kind: ConfigEditErrorKind,
): void {
  assert.throws(
    () => setConfigValue(text, format, key, value),
    (error: unknown) => {
      assert.ok(error instanceof ConfigEditError, String(error));
      assert.equal(error.kind, kind, error.message);
      assert.ok(!error.message.includes(value), `the message must not contain the value: ${error.message}`);
      return true;
    },
  );
}
