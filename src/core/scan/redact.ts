/** "SLS-abcd…wxyz": enough to tell tokens apart, not enough to use one. */
export function redactSecret(value: string): string {
  return value.length <= 12 ? '••••' : `${value.slice(0, 8)}…${value.slice(-4)}`;
}
