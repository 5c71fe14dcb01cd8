/** What the credentials layer refuses, by kind, so callers can offer the fix. */

export class DuplicateNameError extends Error {
  constructor(name: string) {
    super(`A credential named "${name}" already exists. Choose another name.`);
  }
}

export class UnknownCredentialError extends Error {
  constructor() {
    super('That credential no longer exists: it may have been deleted in another window. Refresh the view.');
  }
}

/** A suspended credential refuses every use until it is unsuspended. */
export class SuspendedCredentialError extends Error {
  constructor(
    readonly credentialId: string,
    name: string,
  ) {
    super(`"${name}" is suspended: no command can use it. Unsuspend it first (this also resets its inactivity timer).`);
  }
}
