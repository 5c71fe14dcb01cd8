/** What the Credentials view's elements are: plain data the tree provider turns into items. */
import type * as vscode from 'vscode';

export type TreeNode =
  | { kind: 'credential'; credentialId: string }
  | {
      kind: 'detail';
      credentialId: string;
      key: string;
      label: string;
      value: string;
      command?: vscode.Command;
      tooltip?: string;
    }
  | { kind: 'tokens'; credentialId: string }
  | {
      kind: 'token';
      credentialId: string;
      tokenId: string;
      /** The tenant the token was listed on. */
      tenantId: string;
      label: string;
      description: string;
      tooltip: string;
      valueStored: boolean;
    }
  | { kind: 'message'; credentialId: string; label: string; icon: string; command?: vscode.Command }
  | { kind: 'integration'; credentialId: string }
  | { kind: 'integrationField'; credentialId: string; fieldId: string; label: string };
